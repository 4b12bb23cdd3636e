import AssetStore
import Crypto
import Foundation
import Testing

/// A fresh data directory per test.
struct TemporaryStore {
    let root: String
    /// The store as the gateway holds it: through its protocols, so another backend can run these tests.
    let catalog: any Catalog
    let blobs: any BlobStore
    var ingestor: AssetIngestor { AssetIngestor(catalog: catalog, blobs: blobs) }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        catalog = try SQLiteCatalog(path: root + "/catalog.sqlite")
        blobs = try LocalBlobStore(root: root + "/blobs")
    }

    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = root + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Every regular file under the blob directory.
    func blobFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root + "/blobs")
        var files = [String]()
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/blobs/" + next, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files.append(next) }
        }
        return files
    }
}

@Suite struct IngestTests {
    static let metadata = AssetIngestor.Metadata(collection: "local-docs", ownerLibrary: "harbin", rights: .inCopyright)

    @Test func ingestStoresBytesUnderTheirDigestAndCatalogsThem() async throws {
        let store = try TemporaryStore()
        let bytes = Array("%PDF-1.4\n".utf8) + (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = store.write("地方志.pdf", bytes)
        var reported: Int64 = 0
        let asset = try await store.ingestor.ingest(fileAt: path, metadata: Self.metadata) { reported = $0 }
        #expect(reported == Int64(bytes.count))
        #expect(asset.size == Int64(bytes.count))
        #expect(asset.sha256.hex == ContentDigest(SHA256.hash(data: bytes)).hex)
        #expect(asset.mediaKind == .pdf)
        #expect(asset.contentType == "application/pdf")
        #expect(asset.originalFileName == "地方志.pdf")
        #expect(asset.title == "地方志")
        let stored = try Data(contentsOf: URL(fileURLWithPath: store.blobs.localPath(for: asset.sha256)!))
        #expect(Array(stored) == bytes)
        let fetched = try await store.catalog.asset(id: asset.id)
        #expect(fetched == asset)
        // Nothing left in the temporary area.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/blobs/tmp").isEmpty)
    }

    @Test func identicalContentIsStoredOnce() async throws {
        let store = try TemporaryStore()
        let a = store.write("a.txt", Array("same words".utf8))
        let b = store.write("b.txt", Array("same words".utf8))
        let first = try await store.ingestor.ingest(fileAt: a, metadata: Self.metadata)
        let second = try await store.ingestor.ingest(fileAt: b, metadata: Self.metadata)
        #expect(first.id != second.id)
        #expect(first.sha256 == second.sha256)
        #expect(store.blobFiles().count == 1)
    }

    @Test func emptyFileIsRefusedAndNothingIsWritten() async throws {
        let store = try TemporaryStore()
        let path = store.write("empty.pdf", [])
        await #expect(throws: AssetStoreError.self) { try await store.ingestor.ingest(fileAt: path, metadata: Self.metadata) }
        #expect(store.blobFiles().isEmpty)
        #expect(try await store.catalog.count() == 0)
    }

    @Test func missingFileIsRefusedWithItsPath() async throws {
        let store = try TemporaryStore()
        do {
            _ = try await store.ingestor.ingest(fileAt: store.root + "/nope.pdf", metadata: Self.metadata)
            Issue.record("missing file ingested")
        } catch let error as AssetStoreError {
            #expect(error.description.contains("nope.pdf"))
            #expect(error.description.contains("no such file"))
        }
        #expect(try await store.catalog.count() == 0)
    }

    @Test func directoryIsRefused() async throws {
        let store = try TemporaryStore()
        await #expect(throws: AssetStoreError.self) { try await store.ingestor.ingest(fileAt: store.root, metadata: Self.metadata) }
        #expect(try await store.catalog.count() == 0)
    }

    @Test func failedCatalogInsertRemovesTheNewBlob() async throws {
        let store = try TemporaryStore()
        let path = store.write("x.txt", Array("hello".utf8))
        let bad = AssetIngestor.Metadata(collection: "Bad Name!", ownerLibrary: "harbin", rights: .open)
        await #expect(throws: AssetStoreError.self) { try await store.ingestor.ingest(fileAt: path, metadata: bad) }
        #expect(store.blobFiles().isEmpty)
    }

    @Test func leftoverTemporaryFilesAreRemovedOnOpen() throws {
        let store = try TemporaryStore()
        FileManager.default.createFile(atPath: store.root + "/blobs/tmp/ingest-crashed", contents: Data([1, 2, 3]))
        _ = try LocalBlobStore(root: store.root + "/blobs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/blobs/tmp").isEmpty)
    }

    @Test func catalogSurvivesReopening() async throws {
        let store = try TemporaryStore()
        let asset = try await store.ingestor.ingest(fileAt: store.write("n.txt", Array("notes".utf8)), metadata: Self.metadata)
        let reopened = try SQLiteCatalog(path: store.root + "/catalog.sqlite")
        #expect(try await reopened.asset(id: asset.id) == asset)
    }
}

@Suite struct AssetIDTests {
    @Test(arguments: ["..", "a/b", "%2e%2e", "a\u{0}b", String(repeating: "a", count: 65), "", "a b", "é"])
    func rejectsHostileIDs(_ id: String) {
        #expect(!AssetID.isWellFormed(id))
    }

    @Test func generatedIDsAreWellFormedAndDistinct() {
        let ids = Set((0..<1000).map { _ in AssetID.generate() })
        #expect(ids.count == 1000)
        #expect(ids.allSatisfy { AssetID.isWellFormed($0) && $0.count == 20 })
    }
}

@Suite struct MediaSnifferTests {
    static func bytes(_ text: String, pad: Int = 0) -> [UInt8] { Array(text.utf8) + [UInt8](repeating: 0, count: pad) }

    @Test(arguments: [
        (bytes("%PDF-1.7\n"), MediaKind.pdf, "application/pdf"),
        ([0xff, 0xd8, 0xff, 0xe0, 0, 0], .image, "image/jpeg"),
        ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], .image, "image/png"),
        (bytes("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt "), .audio, "audio/wav"),
        (bytes("fLaC", pad: 8), .audio, "audio/flac"),
        (bytes("ID3", pad: 8), .audio, "audio/mpeg"),
        ([0, 0, 0, 0x20] + bytes("ftypisom", pad: 8), .video, "video/mp4"),
        ([0, 0, 0, 0x20] + bytes("ftypM4A ", pad: 8), .audio, "audio/mp4"),
        ([0x1a, 0x45, 0xdf, 0xa3] + bytes("....webm"), .video, "video/webm"),
        (bytes("黑龙江省图书馆 plain text\n"), .text, "text/plain; charset=utf-8"),
        (bytes("<html><script>alert(1)</script>"), .text, "text/plain; charset=utf-8"),
        ([0x00, 0x01, 0x02, 0x03, 0xfe], .other, "application/octet-stream"),
    ])
    func sniffsMagicBytes(header: [UInt8], kind: MediaKind, contentType: String) {
        let result = MediaSniffer.sniff(header, fileName: "x.mp4")
        #expect(result.kind == kind)
        #expect(result.contentType == contentType)
    }
}
