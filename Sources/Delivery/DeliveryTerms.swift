/// The lifetime and download allowance a delivery was given, and whether each was lowered from the request.
struct DeliveryTerms: Sendable, Hashable {
    var ttlDays: Int
    var ttlDaysCapped: Bool
    var maxDownloads: Int
    var maxDownloadsCapped: Bool
}
