package import Foundation

/// The counting rule as a pure function: what one byte-serving request does to a delivery, given whether its
/// client already has an open download window. ``DeliveryStore`` applies it inside one write transaction.
package enum DownloadDecision: Sendable, Hashable {
    /// Refuse with this reason (never `.active`).
    case refuse(DeliveryState)
    /// Serve as part of the client's open download.
    case continueDownload
    /// Serve, open a window for the client and count one download.
    case startDownload

    package init(delivery: Delivery, clientHasOpenWindow: Bool, at instant: Date) {
        // Revocation and expiry end even a download under way: no further request starts.
        if delivery.revokedAt != nil {
            self = .refuse(.revoked)
        } else if instant >= delivery.expiresAt {
            self = .refuse(.expired)
        } else if clientHasOpenWindow {
            // A viewer's range requests after the last allowed download started still belong to that download.
            self = .continueDownload
        } else if delivery.downloadsUsed >= delivery.maxDownloads {
            self = .refuse(.exhausted)
        } else {
            self = .startDownload
        }
    }
}
