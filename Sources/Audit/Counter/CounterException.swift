/// A COUNTER_SUSHI Exception (Code of Practice R5.1, Appendix D): `{"Code": 3030, "Message": "…", "Data": "…"}`.
///
/// Errors that stop a request (a wrong key, a bad date) are answered as one Exception with the ``httpStatus`` of its
/// code; the others (no usage, months not yet ended, an unknown parameter) travel in the report header's
/// `Exceptions` with the report (HTTP 200). Release 5.1 has no `Severity`.
public struct CounterException: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: String?

    public init(code: Int, message: String, data: String? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case code = "Code"
        case message = "Message"
        case data = "Data"
    }

    /// The HTTP status when the Exception is the whole answer (Appendix D's table).
    public var httpStatus: Int {
        switch code {
        case 1000, 1010: return 503
        case 1011: return 202
        case 1020: return 429
        case 1030, 3020: return 400
        case 2000, 2020, 2030: return 401
        case 2010, 2011: return 403
        case 3000, 3010: return 404
        default: return 200
        }
    }

    /// `3030: No Usage Available for Requested Dates (data)`, as tabular reports list Exceptions.
    public var description: String { "\(code): \(message)" + (data.map { " (\($0))" } ?? "") }

    public static func serviceNotAvailable(_ data: String? = nil) -> CounterException {
        CounterException(code: 1000, message: "Service Not Available", data: data)
    }
    public static func insufficientInformation(_ data: String? = nil) -> CounterException {
        CounterException(code: 1030, message: "Insufficient Information to Process Request", data: data)
    }
    public static func requestorNotAuthorized(_ data: String? = nil) -> CounterException {
        CounterException(code: 2000, message: "Requestor Not Authorized to Access Service", data: data)
    }
    public static func notAuthorizedForInstitution(_ data: String? = nil) -> CounterException {
        CounterException(code: 2010, message: "Requestor is Not Authorized to Access Usage for Institution", data: data)
    }
    public static func apiKeyInvalid(_ data: String? = nil) -> CounterException {
        CounterException(code: 2020, message: "APIKey Invalid", data: data)
    }
    public static func reportNotSupported(_ data: String? = nil) -> CounterException {
        CounterException(code: 3000, message: "Report Not Supported", data: data)
    }
    public static func invalidDates(_ data: String? = nil) -> CounterException {
        CounterException(code: 3020, message: "Invalid Date Arguments", data: data)
    }
    public static func noUsage(_ data: String? = nil) -> CounterException {
        CounterException(code: 3030, message: "No Usage Available for Requested Dates", data: data)
    }
    public static func usageNotReady(_ data: String? = nil) -> CounterException {
        CounterException(code: 3031, message: "Usage Not Ready for Requested Dates", data: data)
    }
    public static func usageNoLongerAvailable(_ data: String? = nil) -> CounterException {
        CounterException(code: 3032, message: "Usage No Longer Available for Requested Dates", data: data)
    }
    public static func partialData(_ data: String? = nil) -> CounterException {
        CounterException(code: 3040, message: "Partial Data Returned", data: data)
    }
    public static func parameterNotRecognized(_ data: String? = nil) -> CounterException {
        CounterException(code: 3050, message: "Parameter Not Recognized in this Context", data: data)
    }
    public static func invalidFilter(_ data: String? = nil) -> CounterException {
        CounterException(code: 3060, message: "Invalid ReportFilter Value", data: data)
    }
    public static func invalidAttribute(_ data: String? = nil) -> CounterException {
        CounterException(code: 3062, message: "Invalid ReportAttribute Value", data: data)
    }
}
