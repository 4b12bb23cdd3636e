public import Access
import AssetStore
import Audit
import HTTPRanges
import Hummingbird
import Logging
import Crypto
import Delivery
import Foundation
import LRUCache
import PDFStamp
import Transcoding

/// Who a stamped copy is made for, and under which terms: everything the cover page and the watermark say. Two
/// readers never share a copy; one reader's copy is made once and is the same bytes every time (so its strong ETag
/// holds across restarts and nodes and a download resumes with `If-Range`).
struct StampReader: Sendable, Hashable {
    /// The reader's name (or, without one, their id at the library).
    var name: String
    /// Their card number or id, masked (`R-****24`).
    var card: String?
    /// The library that delivers or vouches for the reader.
    var library: LibraryInfo
    /// `dlv_…` for a delivery; nil for a signed link.
    var deliveryID: String?
    /// The delivery's day, or for a link the day it stops working (a link names no day it was made).
    var date: Date
    var expiry: Date?
    var downloadsAllowed: Int?

    /// `R-102424` → `R-****24`: enough for the reader to recognise, not enough to use.
    static func mask(_ card: String) -> String {
        let characters = Array(card)
        guard characters.count > 4 else { return String(repeating: "*", count: characters.count) }
        let head = characters.prefix(characters.count > 6 ? 2 : 1), tail = characters.suffix(2)
        return String(head) + String(repeating: "*", count: characters.count - head.count - tail.count) + String(tail)
    }
}

/// Stamped copies of PDFs (policy limit `stamp`): a copyright cover page first and a watermark line on every page,
/// made by ``PDFStamper`` (qpdf and the gateway's own PDF writer) through the transcode queue (off the event loops,
/// one job per copy however many ask), kept in the disk tier like renditions and, in a network of nodes, made once
/// and shared through the object store.
struct StampedCopies: Sendable {
    let media: MediaServices
    let libraries: LibraryDirectory
    /// Days on covers and watermarks are the report time zone's.
    let calendar: ReportCalendar
    /// A local file of the original (a remote store's blob is copied into the disk tier first); asked for only when a
    /// copy has to be made.
    let localFile: @Sendable (Asset) async throws -> String
    /// Bumped when the layout of covers or watermarks changes, so copies made before are not served as current.
    static let layoutVersion = "1"

    /// The cache key of `asset`'s copy for `reader` with `stamp`.
    func key(_ asset: Asset, stamp: PolicyStamp, reader: StampReader) -> String {
        let fields = [
            Self.layoutVersion, asset.sha256.hex, stamp.description, reader.name, reader.card ?? "", reader.library.id,
            reader.library.language.rawValue, reader.deliveryID ?? "", day(reader.date), reader.expiry.map(day) ?? "",
            reader.downloadsAllowed.map(String.init) ?? "", asset.title, asset.id, asset.ownerLibrary,
        ]
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8))
        return "stamp-" + asset.sha256.hex.prefix(16) + "-" + digest.map { String(format: "%02x", $0) }.joined().prefix(32)
    }

    func day(_ date: Date) -> String { calendar.dayKey(date) }

    /// What the cover and the watermark say, in the delivering library's language.
    func request(_ asset: Asset, stamp: PolicyStamp, reader: StampReader) -> StampRequest {
        let language = reader.library.language
        let owner = libraries.library(id: asset.ownerLibrary)
        func text(_ value: LibraryInfo.Text) -> String { language == .zh ? value.zh : value.en }
        let who = reader.card.map { language == .zh ? "\(reader.name)（\($0)）" : "\(reader.name) (\($0))" } ?? reader.name
        var watermark: String?
        if stamp.watermark {
            let parts = [
                language == .zh ? "仅供 \(who) 个人学习研究使用" : "For the personal study of \(who) only", text(reader.library.name),
                day(reader.date),
            ] + (reader.deliveryID.map { [$0] } ?? [])
            watermark = parts.joined(separator: " · ")
        }
        var cover: CoverPage?
        if stamp.cover {
            var rows: [CoverPage.Row] = []
            func row(_ zh: String, _ en: String, _ value: String?) {
                guard let value, !value.isEmpty else { return }
                rows.append(CoverPage.Row(language == .zh ? zh : en, value))
            }
            row("题名", "Title", asset.title)
            row("标识符", "Identifier", asset.id)
            row("收藏馆", "Owning library", text(owner.name))
            row("传递馆", "Delivering library", text(reader.library.name))
            row("读者", "Reader", reader.name)
            row("读者证号", "Card number", reader.card)
            row("传递编号", "Delivery", reader.deliveryID)
            row(reader.deliveryID == nil ? "日期" : "传递日期", reader.deliveryID == nil ? "Date" : "Delivered", day(reader.date))
            row("有效期至", "Valid until", reader.expiry.map(day))
            row("允许下载次数", "Downloads allowed", reader.downloadsAllowed.map(String.init))
            var paragraphs = [text(reader.library.copyrightNotice)]
            if let contact = reader.library.contact {
                let parts = [contact.email, contact.phone, contact.url].compactMap { $0 }
                if !parts.isEmpty { paragraphs.append((language == .zh ? "联系方式：" : "Contact: ") + parts.joined(separator: " · ")) }
            }
            paragraphs.append(
                language == .zh
                    ? "依据：《中华人民共和国著作权法》第二十四条第一款第（一）项，为个人学习、研究使用。"
                    : "Legal basis: Copyright Law of the People's Republic of China, art. 24(1)(1): use for personal study or research.")
            cover = CoverPage(
                heading: language == .zh ? "文献传递版权声明" : "Document Delivery Copyright Notice", rows: rows, paragraphs: paragraphs,
                footer: text(reader.library.name))
        }
        return StampRequest(cover: cover, watermark: watermark)
    }

    /// The stamped copy, made now if no node has it yet (waiting for the job); thrown: a ``GatewayError`` (422 when
    /// the PDF cannot be stamped, 503 when the queue is full).
    func copy(_ asset: Asset, stamp: PolicyStamp, reader: StampReader, owner: TranscodeOwner?) async throws -> DiskCacheEntry {
        let key = key(asset, stamp: stamp, reader: reader)
        if let entry = await media.cached(key) { return entry }
        let source = try await localFile(asset)
        let request = request(asset, stamp: stamp, reader: reader)
        do {
            return try await media.produce(key: key, fileExtension: "pdf", owner: owner) { output, job in
                do {
                    _ = try PDFStamper.stamp(input: source, output: output, request: request) { percent in
                        job.report(fraction: Double(percent) / 100)
                    }
                } catch let error as PDFStampError {
                    throw TranscodeError(error.isUnprocessableInput ? .invalidMedia : .internalError, error.message)
                }
            }
        } catch let error as TranscodeError {
            throw Self.gatewayError(error)
        }
    }

    static func gatewayError(_ error: TranscodeError) -> GatewayError {
        if error.isUnprocessableMedia {
            return GatewayError(.unprocessableContent, code: "stamp_failed",
                message: "The policy asks for a stamped copy of this PDF and it cannot be made: \(error.message)")
        }
        if let seconds = error.retryAfterSeconds {
            var headers = HTTPFields()
            headers[.retryAfter] = String(seconds)
            return GatewayError(.serviceUnavailable, code: "stamp_busy", message: "Stamped copies are being made for others; try again shortly.", headers: headers)
        }
        return GatewayError(.internalServerError, code: "stamp_failed", message: "The stamped copy could not be made: \(error.message)")
    }
}

extension StampReader {
    /// A delivery's patron, under the delivery's terms.
    init(_ delivery: Delivery, libraries: LibraryDirectory) {
        name = delivery.patronName.flatMap { $0.isEmpty ? nil : $0 } ?? delivery.patronID
        card = StampReader.mask(delivery.patronID)
        library = libraries.library(id: delivery.library)
        deliveryID = delivery.id
        date = delivery.createdAt
        expiry = delivery.expiresAt
        downloadsAllowed = delivery.maxDownloads
    }

    /// The holder of a signed link: its subject, vouched for by its library, until the link's expiry.
    init(_ link: SignedLink, libraries: LibraryDirectory) {
        name = link.subject
        card = nil
        library = libraries.library(id: link.library)
        deliveryID = nil
        expiry = Date(timeIntervalSince1970: TimeInterval(link.expires))
        date = expiry ?? Date(timeIntervalSince1970: 0)
        downloadsAllowed = nil
    }
}

/// What a content route sends: bytes (the original, or the reader's stamped copy with its own length and strong
/// validator), or an answer of its own (202 while a large copy is being made).
enum ContentToSend {
    case send(BlobSource, Representation)
    case respond(Response)
}

extension ContentPipeline {
    /// The reader a stamp names for `admission`, when the policy asks for one and the item is a PDF: patrons holding a
    /// link or a delivery get stamped copies; member libraries and administrators (keys) get the original.
    func stampReader(_ admission: Admission, delivery: Delivery? = nil) -> StampReader? {
        guard admission.asset.mediaKind == .pdf, !admission.decision.limits.stamp.isEmpty else { return nil }
        switch admission.identity {
        case .patron(let link): return StampReader(link, libraries: services.libraries)
        case .delivery: return delivery.map { StampReader($0, libraries: services.libraries) }
        case .library, .admin: return nil
        }
    }

    /// The bytes to send for `admission`: the stamped copy when ``stampReader(_:delivery:)`` names a reader (made now,
    /// or for a large PDF in the background with a 202 to poll), else the original (`original`, read from
    /// `originalSource`). The original never stands in for a stamped copy that cannot be made (422).
    func content(
        _ admission: Admission, delivery: Delivery? = nil, original: Representation, request: Request, context: GatewayRequestContext,
        originalSource: () async throws -> BlobSource
    ) async throws -> ContentToSend {
        guard let reader = stampReader(admission, delivery: delivery) else { return .send(try await originalSource(), original) }
        let stamps = services.stamps, asset = admission.asset, stamp = admission.decision.limits.stamp
        func send(_ copy: DiskCacheEntry) -> ContentToSend {
            .send(.file(copy.path), Representation(
                length: Int64(copy.size), etag: EntityTag(opaque: copy.checksum), lastModified: nil, contentType: asset.contentType))
        }
        let key = stamps.key(asset, stamp: stamp, reader: reader)
        if let known = services.media.failures.failure(key) { throw StampedCopies.gatewayError(known) }
        let owner = MediaRoutes.owner(admission.identity)
        guard asset.size > services.configuration.stampInlineBytes else {
            return send(try await stamps.copy(asset, stamp: stamp, reader: reader, owner: owner))
        }
        if let entry = await services.media.cached(key) { return send(entry) }
        if services.media.progress(key: key) == nil {
            let services = self.services
            Task.detached {
                do {
                    _ = try await stamps.copy(asset, stamp: stamp, reader: reader, owner: owner)
                } catch let error as GatewayError where error.status == .unprocessableContent {
                    services.media.failures.record(key, TranscodeError(.invalidMedia, error.message))
                } catch {
                    services.logger.error("stamped copy failed", metadata: ["key": "\(key)", "error": "\(error)"])
                }
            }
        }
        let progress = services.media.progress(key: key)
        var headers = HTTPFields()
        headers[.retryAfter] = "2"
        return .respond(
            try ProgressBody(fraction: progress?.fraction ?? 0, eta: progress?.eta).jsonResponse(
                status: .accepted, headers: headers, request: request, context: context))
    }
}

extension GatewayServices {
    /// The stamped copy a delivery of `asset` to `patron` by `library` would carry under `stamp` (the delivery's id
    /// shown as `dlv_preview`, today's date), written to `output` when given. Made before a delivery is created, so a
    /// PDF that cannot be stamped is refused to the library then (422), never found out by the patron; and by
    /// `gateway deliveries add --preview`.
    public func previewStampedDelivery(
        assetID: String, library: String, patronID: String, patronName: String?, ttlDays: Int, maxDownloads: Int, stamp: PolicyStamp,

        output: String? = nil
    ) async throws {
        guard let asset = try await asset(id: assetID) else { throw GatewayError.notFound("No item '\(assetID)'.") }
        guard asset.mediaKind == .pdf, !stamp.isEmpty else {
            throw GatewayError.badRequest("nothing_to_stamp", "The policy stamps nothing on this item (\(asset.mediaKind.rawValue), stamp: \(stamp)).")
        }
        let now = Date()
        let reader = StampReader(
            name: patronName.flatMap { $0.isEmpty ? nil : $0 } ?? patronID, card: StampReader.mask(patronID),
            library: libraries.library(id: library), deliveryID: "dlv_preview", date: now,
            expiry: now.addingTimeInterval(TimeInterval(ttlDays) * 86_400), downloadsAllowed: maxDownloads)
        let copy = try await stamps.copy(asset, stamp: stamp, reader: reader, owner: nil)
        if let output {
            let temporary = output + ".part"
            try? FileManager.default.removeItem(atPath: temporary)
            try FileManager.default.copyItem(atPath: copy.path, toPath: temporary)
            guard rename(temporary, output) == 0 else {
                throw GatewayError(.internalServerError, code: "preview_not_written", message: "\(output): cannot be written (errno \(errno))")
            }
        }
    }
}
