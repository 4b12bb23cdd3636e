/// The lifetime and download allowance a delivery was given, and whether each was lowered from the request.
package struct DeliveryTerms: Sendable, Hashable {
    package var ttlDays: Int
    package var ttlDaysCapped: Bool
    package var maxDownloads: Int
    package var maxDownloadsCapped: Bool
}
