import Foundation
import HTTPRanges

/// libFuzzer entry point: feeds the input as `Range` / `If-Range` headers into `ResponsePlanner.plan`
/// and traps (precondition) when a plan breaks an invariant.
///
/// Input layout: byte 0 chooses the representation length (table below or the next 8 bytes) and whether
/// an `If-Range` header is sent; the rest is the `Range` value, then after the first `\n` the `If-Range` value.
@_cdecl("LLVMFuzzerTestOneInput")
public func rangeFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let selector = bytes.first else { return 0 }
    var rest = bytes.dropFirst()

    let lengths: [Int64] = [0, 1, 2, 11, 100, 1000, 4096, 1 << 31, Int64.max - 1, Int64.max]
    let length: Int64
    if selector & 0x0F < UInt8(lengths.count) {
        length = lengths[Int(selector & 0x0F)]
    } else {
        var raw: UInt64 = 0
        for byte in rest.prefix(8) { raw = raw << 8 | UInt64(byte) }
        rest = rest.dropFirst(8)
        length = Int64(raw & UInt64(Int64.max))
    }
    let sendsIfRange = selector & 0x10 != 0

    let text = Array(rest)
    let newline = text.firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
    let range = String(decoding: text[..<newline], as: UTF8.self)
    let ifRange = newline < text.endIndex ? String(decoding: text[(newline + 1)...], as: UTF8.self) : ""

    let etag = EntityTag(opaque: "abc")
    let lastModified = Date(timeIntervalSince1970: 784_111_777)
    let representation = Representation(length: length, etag: etag, lastModified: lastModified, contentType: "a/b")
    let headers = ConditionalHeaders(range: range, ifRange: sendsIfRange ? ifRange : nil)
    let plan = ResponsePlanner.plan(isHead: false, headers: headers, representation: representation, boundary: "B")

    precondition(
        plan == ResponsePlanner.plan(isHead: true, headers: headers, representation: representation, boundary: "B"),
        "HEAD and GET plans differ")
    checkPlan(plan, length: length)
    checkRangeRequestAgreement(plan, range: range, length: length, ifRangeSent: sendsIfRange)
    checkDateRoundTrip(ifRange)
    checkEntityTagRoundTrip(ifRange)
    return 0
}

/// Every range inside the representation; multipart parts sorted, apart, at least two, length exact.
private func checkPlan(_ plan: ResponsePlan, length: Int64) {
    switch plan {
    case .full:
        break
    case .notModified, .preconditionFailed:
        preconditionFailure("no conditional header except If-Range was sent, yet got \(plan)")
    case .rangeNotSatisfiable:
        precondition(length > 0, "416 for an empty representation")
    case .partial(let range):
        precondition(range.first >= 0 && range.first <= range.last && range.last < length, "partial out of bounds")
    case .multipart(let layout):
        precondition(layout.parts.count >= 2, "multipart with fewer than two parts")
        precondition(layout.parts.count <= ResponsePlanner.defaultMaxRanges, "more parts than the limit")
        precondition(layout.contentType == "multipart/byteranges; boundary=B", "content type")
        precondition(layout.trailer == "\r\n--B--\r\n", "trailer")
        var total = Int64(layout.trailer.utf8.count)
        var covered: Int64 = 0
        var previousLast: Int64 = -2
        for (index, part) in layout.parts.enumerated() {
            let range = part.range
            precondition(range.first >= 0 && range.first <= range.last && range.last < length, "part out of bounds")
            precondition(range.first > previousLast + 1, "parts unsorted, overlapping or adjacent")
            previousLast = range.last
            covered += range.count
            let lead = index == 0 ? "" : "\r\n"
            let contentRange = "bytes \(range.first)-\(range.last)/\(length)"
            precondition(
                part.header == "\(lead)--B\r\nContent-Type: a/b\r\nContent-Range: \(contentRange)\r\n\r\n",
                "part header")
            total += Int64(part.header.utf8.count) + range.count
        }
        precondition(covered <= length, "ranges cover more than the representation")
        precondition(total == layout.contentLength, "layout length inconsistent")
    }
}

/// Without If-Range (or with a matching one) the plan follows `RangeRequest.evaluate` exactly.
private func checkRangeRequestAgreement(_ plan: ResponsePlan, range: String, length: Int64, ifRangeSent: Bool) {
    guard length > 0 else {
        precondition(plan == .full, "empty representation must be served whole")
        return
    }
    let evaluation = RangeRequest.evaluate(range, length: length)
    switch (evaluation, plan) {
    case (_, .full):
        // Allowed when ignored, when If-Range did not match, or when a multipart length overflowed.
        if case .satisfiable(let ranges) = evaluation, !ifRangeSent {
            precondition(ranges.count >= 2 && length > Int64.max / 2, "satisfiable range served as 200")
        }
        if case .unsatisfiable = evaluation { precondition(ifRangeSent, "unsatisfiable range served as 200") }
    case (.unsatisfiable, .rangeNotSatisfiable):
        break
    case (.satisfiable(let ranges), .partial(let single)):
        precondition(ranges == [single], "partial differs from evaluation")
    case (.satisfiable(let ranges), .multipart(let layout)):
        precondition(ranges == layout.parts.map(\.range), "multipart differs from evaluation")
    default:
        preconditionFailure("plan \(plan) disagrees with evaluation \(evaluation)")
    }
}

private func checkDateRoundTrip(_ text: String) {
    guard let date = HTTPDate.parse(text) else { return }
    let formatted = HTTPDate.format(date)
    precondition(HTTPDate.parse(formatted) == date, "HTTP-date round trip: \(text) → \(formatted)")
}

private func checkEntityTagRoundTrip(_ text: String) {
    guard case .tags(let tags) = EntityTagList.parse(text) else { return }
    let rendered = tags.map(\.headerValue).joined(separator: ", ")
    precondition(EntityTagList.parse(rendered) == .tags(tags), "entity-tag list round trip: \(text)")
}
