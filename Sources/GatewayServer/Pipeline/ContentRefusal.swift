public import HTTPTypes

/// Why a request is refused an item, as the caller is told (a patron never sees policy internals).
public struct ContentRefusal: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The refusal of a policy that does not allow the use (its reason code; rule ids are for `explain`).
    static func policy(_ reasonCode: String) -> ContentRefusal {
        ContentRefusal(
            status: .forbidden, code: reasonCode,
            message: "Your library's access rules do not allow this use of the item. Ask your library for help.")
    }
}
