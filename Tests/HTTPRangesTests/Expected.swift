import HTTPRanges

/// A compact expected outcome for table rows.
enum Expected: Sendable, Equatable, CustomStringConvertible {
    case full
    case notModified
    case preconditionFailed
    case unsatisfiable
    case partial(Int64, Int64)
    case multipart([ClosedRange<Int64>])

    init(_ plan: ResponsePlan) {
        switch plan {
        case .full: self = .full
        case .notModified: self = .notModified
        case .preconditionFailed: self = .preconditionFailed
        case .rangeNotSatisfiable: self = .unsatisfiable
        case .partial(let range): self = .partial(range.first, range.last)
        case .multipart(let layout): self = .multipart(layout.parts.map { $0.range.first...$0.range.last })
        }
    }

    var description: String {
        switch self {
        case .full: "200"
        case .notModified: "304"
        case .preconditionFailed: "412"
        case .unsatisfiable: "416"
        case .partial(let first, let last): "206 \(first)-\(last)"
        case .multipart(let ranges): "206 multipart \(ranges.map { "\($0.lowerBound)-\($0.upperBound)" })"
        }
    }
}
