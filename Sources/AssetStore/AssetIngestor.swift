public import Foundation

/// Ingests files into the store: blob first (hashed, synced, renamed), catalog row last, so an interrupted or failed
/// ingest leaves nothing half-made.
public struct AssetIngestor: Sendable {
    public let catalog: any Catalog
    public let blobs: any BlobStore

    public init(catalog: any Catalog, blobs: any BlobStore) {
        self.catalog = catalog
        self.blobs = blobs
    }

    /// Descriptive metadata given by the person ingesting.
    public struct Metadata: Sendable {
        public var title: String?
        public var collection: String
        public var ownerLibrary: String
        public var rights: Rights
        public var embargoUntil: Date?

        public init(title: String? = nil, collection: String, ownerLibrary: String, rights: Rights, embargoUntil: Date? = nil) {
            self.title = title
            self.collection = collection
            self.ownerLibrary = ownerLibrary
            self.rights = rights
            self.embargoUntil = embargoUntil
        }
    }

    /// Ingests one file and returns the new asset.
    /// - Parameter progress: bytes copied so far.
    public func ingest(fileAt path: String, metadata: Metadata, progress: (Int64) -> Void = { _ in }) async throws -> Asset {
        guard Self.isValidName(metadata.collection) else {
            throw AssetStoreError(.invalidArgument("collection '\(metadata.collection)' must be lowercase letters, digits and '-'"))
        }
        guard Self.isValidName(metadata.ownerLibrary) else {
            throw AssetStoreError(.invalidArgument("library '\(metadata.ownerLibrary)' must be lowercase letters, digits and '-'"))
        }
        let stored = try await blobs.ingest(fileAt: path, progress: progress)
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        let sniffed = MediaSniffer.sniff(stored.header, fileName: fileName)
        let title = metadata.title ?? URL(fileURLWithPath: fileName).deletingPathExtension().lastPathComponent
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let asset = Asset(
            id: AssetID.generate(), title: title, collection: metadata.collection, ownerLibrary: metadata.ownerLibrary,
            rights: metadata.rights, embargoUntil: metadata.embargoUntil, mediaKind: sniffed.kind,
            contentType: sniffed.contentType, originalFileName: fileName, size: stored.size, sha256: stored.digest,
            createdAt: now)
        do {
            try await catalog.insert(asset)
        } catch {
            // Identical content may belong to other assets: only remove a blob this ingest created.
            if !stored.wasAlreadyStored { await blobs.remove(stored.digest) }
            throw error
        }
        return asset
    }

    /// Library and collection names: 1–64 of `[a-z0-9-]`, as used in policy files.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2d }
    }
}
