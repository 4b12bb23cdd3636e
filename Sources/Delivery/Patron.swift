/// The person a delivery is for, as the sending library knows them.
///
/// Only ``id`` is required; name and email are shown on the patron's landing page and in the sending library's
/// status view, and are deleted with the delivery when it is purged.
public struct Patron: Sendable, Hashable {
    /// The patron's id in the sending library's system (a card number, for example): 1–200 characters.
    public var id: String
    /// The patron's name, at most 200 characters; empty counts as absent.
    public var name: String?
    /// The patron's email address, at most 320 characters; empty counts as absent.
    public var email: String?

    public init(id: String, name: String? = nil, email: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
    }
}
