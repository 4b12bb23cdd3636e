extension ResponsePlan {
    /// The HTTP status code of this plan.
    public var statusCode: Int {
        switch self {
        case .full: 200
        case .notModified: 304
        case .preconditionFailed: 412
        case .partial, .multipart: 206
        case .rangeNotSatisfiable: 416
        }
    }
}
