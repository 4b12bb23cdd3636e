import Foundation
import HTTPRanges
import Hummingbird
import NIOCore

/// Builds the response for a blob from the request's range and conditional headers.
struct ContentResponder: Sendable {
    let body: BlobResponseBody

    /// What to send for one request: status, headers (Content-Length included) and which bytes.
    struct Planned {
        enum Bytes {
            case none
            case text(String)
            case range(ByteRange)
            case multipart(MultipartLayout)
        }
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var bytes: Bytes
    }

    /// The response plan for a request with `conditions`, as the route and the sendfile fast path both send it.
    static func plan(conditions: ConditionalHeaders, isHead: Bool, representation: Representation, contentDisposition: String)
        -> Planned
    {
        // Only a Range header listing several ranges can need a boundary: skip the random draw (two getrandom
        // calls) for every other request.
        let mayBeMultipart = conditions.range?.contains(",") ?? false
        let plan = ResponsePlanner.plan(
            isHead: isHead, headers: conditions, representation: representation,
            boundary: mayBeMultipart ? Self.makeBoundary() : "gwsingle")
        var headers = HTTPFields()
        headers[.acceptRanges] = "bytes"
        headers[.eTag] = representation.etag.headerValue
        if let lastModified = representation.lastModified { headers[.lastModified] = HTTPDate.format(lastModified) }
        headers[.cacheControl] = "private"
        headers[.init("X-Content-Type-Options")!] = "nosniff"

        func finish(_ status: HTTPResponse.Status, length: Int64, _ bytes: Planned.Bytes) -> Planned {
            headers[.contentLength] = String(length)
            return Planned(status: status, headers: headers, bytes: isHead ? .none : bytes)
        }

        switch plan {
        case .notModified:
            return Planned(status: .notModified, headers: headers, bytes: .none)
        case .preconditionFailed:
            headers[.contentType] = "application/json; charset=utf-8"
            let body = Self.preconditionFailedBody
            return finish(.preconditionFailed, length: Int64(body.utf8.count), .text(body))
        case .rangeNotSatisfiable:
            headers[.contentRange] = "bytes */\(representation.length)"
            headers[.contentType] = "application/json; charset=utf-8"
            let body = ErrorBody.text(
                code: "range_not_satisfiable",
                message: "The requested byte range lies outside the item (\(representation.length) bytes).")
            return finish(.rangeNotSatisfiable, length: Int64(body.utf8.count), .text(body))
        case .full:
            headers[.contentType] = representation.contentType
            headers[.contentDisposition] = contentDisposition
            guard representation.length > 0 else { return finish(.ok, length: 0, .none) }
            return finish(.ok, length: representation.length, .range(ByteRange(first: 0, last: representation.length - 1)))
        case .partial(let range):
            headers[.contentType] = representation.contentType
            headers[.contentDisposition] = contentDisposition
            headers[.contentRange] = range.contentRange(totalLength: representation.length)
            return finish(.partialContent, length: range.count, .range(range))
        case .multipart(let layout):
            headers[.contentType] = layout.contentType
            headers[.contentDisposition] = contentDisposition
            return finish(.partialContent, length: layout.contentLength, .multipart(layout))
        }
    }

    /// The plan for `request` (its range and conditional headers).
    static func plan(for request: Request, representation: Representation, contentDisposition: String) -> Planned {
        let conditions = ConditionalHeaders(
            range: request.headers[.range], ifRange: request.headers[.ifRange], ifMatch: request.headers[.ifMatch],
            ifNoneMatch: request.headers[.ifNoneMatch], ifModifiedSince: request.headers[.ifModifiedSince],
            ifUnmodifiedSince: request.headers[.ifUnmodifiedSince])
        return plan(
            conditions: conditions, isHead: request.method == .head, representation: representation,
            contentDisposition: contentDisposition)
    }

    /// The first byte a response to `request` sends, if it sends any of the blob.
    static func firstByte(of request: Request, representation: Representation) -> Int64? {
        switch plan(for: request, representation: representation, contentDisposition: "").bytes {
        case .range(let range): range.first
        case .multipart(let layout): layout.parts.first?.range.first
        case .none, .text: nil
        }
    }

    func respond(to request: Request, source: BlobSource, representation: Representation, contentDisposition: String)
        -> Response
    {
        let planned = Self.plan(for: request, representation: representation, contentDisposition: contentDisposition)
        let responseBody: ResponseBody
        switch planned.bytes {
        case .none: responseBody = ResponseBody()
        case .text(let text): responseBody = ResponseBody(byteBuffer: ByteBuffer(string: text))
        case .range(let range): responseBody = body.range(source: source, length: representation.length, range: range)
        case .multipart(let layout): responseBody = body.multipart(source: source, layout: layout)
        }
        return Response(status: planned.status, headers: planned.headers, body: responseBody)
    }

    /// The 412 body, encoded once.
    static let preconditionFailedBody = ErrorBody.text(
        code: "precondition_failed", message: "The item has changed since you last fetched it.")

    /// A random multipart boundary (never found in content with any meaningful probability), always
    /// ``boundaryLength`` characters: the boundary appears in the body once per part, so a boundary whose length
    /// varied would make a HEAD's `Content-Length` disagree with the GET that follows it.
    static func makeBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        var boundary = "gw"
        boundary.reserveCapacity(boundaryLength)
        for _ in 0..<2 {
            let word = String(generator.next() as UInt64, radix: 16)
            boundary += String(repeating: "0", count: 16 - word.count) + word
        }
        return boundary
    }

    /// The length of every boundary ``makeBoundary()`` makes: "gw" and 32 hexadecimal digits.
    static let boundaryLength = 34
}
