import Foundation
import HTTPRanges
import Testing

/// One row of the planner table.
struct PlanCase: Sendable, CustomTestStringConvertible {
    var name: String
    var content: [UInt8]
    var etag = EntityTag(opaque: "A")
    var lastModified: Date? = nil
    var range: String? = nil
    var ifRange: String? = nil
    var ifMatch: String? = nil
    var ifNoneMatch: String? = nil
    var ifModifiedSince: String? = nil
    var ifUnmodifiedSince: String? = nil
    var maxRanges = ResponsePlanner.defaultMaxRanges
    var expected: Expected
    /// For single-part answers: the exact bytes a client must receive.
    var expectedBody: String? = nil

    var testDescription: String { "\(name) → \(expected)" }

    var headers: ConditionalHeaders {
        ConditionalHeaders(
            range: range, ifRange: ifRange, ifMatch: ifMatch, ifNoneMatch: ifNoneMatch,
            ifModifiedSince: ifModifiedSince, ifUnmodifiedSince: ifUnmodifiedSince)
    }

    var representation: Representation {
        Representation(
            length: Int64(content.count), etag: etag, lastModified: lastModified, contentType: "text/plain")
    }
}
