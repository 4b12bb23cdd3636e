public import Foundation

/// Everything the landing page of one delivery shows (`GET /d/{token}`). Plain values: the caller resolves the
/// delivery, its asset and its libraries; ``LandingPage/render(_:language:)`` only draws.
public struct LandingPageView: Sendable, Hashable {
    /// The item's title as catalogued.
    public var title: String
    /// The library that holds the item.
    public var owningLibrary: LibraryInfo
    /// The library that made the delivery for the patron, when it is not the owning library. Its copyright notice
    /// and contact details are the ones shown (the patron's agreement is with it).
    public var deliveringLibrary: LibraryInfo?
    /// Which viewer the page offers.
    public var mediaKind: MediaKind
    /// The original's MIME type, e.g. `application/pdf`.
    public var contentType: String
    /// The original's file name, offered as the download's name.
    public var fileName: String
    /// The original's size in bytes.
    public var size: Int64
    /// When the link stops working.
    public var expiresAt: Date
    /// Downloads still allowed (never negative when drawn).
    public var downloadsLeft: Int
    /// Downloads allowed in all.
    public var maxDownloads: Int
    /// Where the bytes are shown inline, relative to the page: `/d/TOKEN/content`.
    public var contentURL: String
    /// Where the bytes are saved as a file: `/d/TOKEN/content?download=1`.
    public var downloadURL: String
    /// Transcoded versions to play, best first (for audio and video; the original is offered after them).
    public var renditions: [Rendition]
    /// A note the library wrote for the patron (`note` of `POST /deliveries`), if any.
    public var note: String?
    /// The time zone expiry is shown in; the network's is `Asia/Shanghai`.
    public var timeZone: TimeZone

    public init(
        title: String, owningLibrary: LibraryInfo, deliveringLibrary: LibraryInfo? = nil, mediaKind: MediaKind,
        contentType: String, fileName: String, size: Int64, expiresAt: Date, downloadsLeft: Int, maxDownloads: Int,
        contentURL: String, downloadURL: String, renditions: [Rendition] = [], note: String? = nil,
        timeZone: TimeZone = LandingPageView.networkTimeZone
    ) {
        self.title = title
        self.owningLibrary = owningLibrary
        self.deliveringLibrary = deliveringLibrary
        self.mediaKind = mediaKind
        self.contentType = contentType
        self.fileName = fileName
        self.size = size
        self.expiresAt = expiresAt
        self.downloadsLeft = downloadsLeft
        self.maxDownloads = maxDownloads
        self.contentURL = contentURL
        self.downloadURL = downloadURL
        self.renditions = renditions
        self.note = note
        self.timeZone = timeZone
    }

    /// `Asia/Shanghai` (UTC+8 all year), the time zone of the network's libraries.
    public static let networkTimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// The library whose notice and contact details the page shows: the delivering library, else the owner.
    public var responsibleLibrary: LibraryInfo { deliveringLibrary ?? owningLibrary }
}
