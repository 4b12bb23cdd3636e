/// An error of the delivery store: a delivery request the store refuses to record.
///
/// Every case is a problem with what the caller asked for: answer 400 with ``code`` and ``message``, or 403 when
/// ``isForbiddenByPolicy``. Storage failures surface as the database's own errors. The cases can grow without
/// breaking callers.
public struct DeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Base: Sendable, Hashable {
        case invalidTTLDays(Int)
        case invalidMaxDownloads(Int)
        case invalidField(DeliveryField, FieldProblem)
        case forbiddenByPolicy(Limit)
    }

    /// A policy limit on deliveries.
    enum Limit: Sendable, Hashable {
        case ttlDays
        case maxDownloads
    }

    /// What is wrong with a text field.
    enum FieldProblem: Sendable, Hashable {
        case empty
        case tooLong(limit: Int)
        case controlCharacter
        case notAnEmailAddress
    }

    private let base: Base

    private init(_ base: Base) { self.base = base }

    static func invalidTTLDays(_ days: Int) -> DeliveryError { DeliveryError(.invalidTTLDays(days)) }

    static func invalidMaxDownloads(_ count: Int) -> DeliveryError { DeliveryError(.invalidMaxDownloads(count)) }

    static func invalidField(_ field: DeliveryField, _ problem: FieldProblem) -> DeliveryError {
        DeliveryError(.invalidField(field, problem))
    }

    static func forbiddenByPolicy(_ limit: Limit) -> DeliveryError { DeliveryError(.forbiddenByPolicy(limit)) }

    /// Whether the access policy caps this delivery at zero (answer 403), rather than the request being malformed
    /// (answer 400).
    public var isForbiddenByPolicy: Bool {
        if case .forbiddenByPolicy = base { return true }
        return false
    }

    /// A stable machine-readable code for the JSON error body, such as `invalid_ttl_days` or `invalid_patron_id`.
    public var code: String {
        switch base {
        case .invalidTTLDays: return "invalid_ttl_days"
        case .invalidMaxDownloads: return "invalid_max_downloads"
        case .invalidField(let field, _): return "invalid_" + field.code
        case .forbiddenByPolicy: return "delivery_not_permitted"
        }
    }

    /// One sentence a person can act on.
    public var message: String {
        switch base {
        case .invalidTTLDays(let days):
            return "ttl_days must be at least 1 (got \(days)); leave it out to use the default of "
                + "\(DeliveryLimits.defaultTTLDays) days"
        case .invalidMaxDownloads(let count):
            return "max_downloads must be at least 1 (got \(count)); leave it out to use the default of "
                + "\(DeliveryLimits.defaultMaxDownloads) downloads"
        case .invalidField(let field, .empty):
            return "\(field.name) must not be empty; give the \(field.meaning)"
        case .invalidField(let field, .tooLong(let limit)):
            return "\(field.name) is longer than \(limit) characters; shorten it"
        case .invalidField(let field, .controlCharacter):
            let example = field.allowsLineBreaks ? "an escape or a direction override" : "a line break or a tab"
            return "\(field.name) contains a control character (such as \(example)); remove it"
        case .forbiddenByPolicy(let limit):
            let key = limit == .ttlDays ? "delivery_ttl_days" : "delivery_max_downloads"
            return "the access policy allows no deliveries of this asset (\(key) is 0); "
                + "ask the network's administrators if this asset should be deliverable"
        case .invalidField(let field, .notAnEmailAddress):
            return "\(field.name) is not an email address (expected something like name@example.org); "
                + "correct it or leave it out"
        }
    }

    public var description: String { message }
}
