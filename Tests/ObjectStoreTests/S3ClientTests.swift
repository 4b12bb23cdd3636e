import AssetStore
import Foundation
import NIOCore
import TestServers
import Testing

@testable import ObjectStore

/// The S3 client and the blob store against a real SeaweedFS on loopback.
@Suite(.serialized) final class S3ClientTests {
    let seaweed: SeaweedFS
    let client: S3Client
    let scratch: String

    init() async throws {
        seaweed = try SeaweedFS()
        let location = try S3Location(url: "s3://gateway-test/node", endpoint: seaweed.endpoint, region: "us-east-1")
        client = S3Client(
            location: location, credentials: S3Credentials(accessKeyID: seaweed.accessKey, secretAccessKey: seaweed.secretKey),
            timeout: .seconds(10))
        try await client.createBucketIfMissing()
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("s3-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: scratch) }

    func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    @Test func putHeadRangedGetAndDelete() async throws {
        let content = bytes(100_000, seed: 1)
        try await client.put("plain/a b$.bin", body: ByteBuffer(bytes: content))
        #expect(try await client.size(of: "plain/a b$.bin") == 100_000)
        let middle = try await client.get("plain/a b$.bin", range: 1000...1999, limit: 1000)
        #expect(Array(middle.readableBytesView) == Array(content[1000...1999]))
        let whole = try await client.get("plain/a b$.bin", limit: 200_000)
        #expect(Array(whole.readableBytesView) == content)
        try await client.delete("plain/a b$.bin")
        #expect(try await client.size(of: "plain/a b$.bin") == nil)
    }

    @Test func anAnswerLargerThanTheLimitIsRefused() async throws {
        try await client.put("big", body: ByteBuffer(bytes: bytes(10_000, seed: 2)))
        await #expect(throws: S3Error.self) { _ = try await client.get("big", limit: 4096) }
    }

    @Test func aMissingObjectIsNotFound() async throws {
        #expect(try await client.size(of: "nothing-here") == nil)
        do {
            _ = try await client.get("nothing-here", range: 0...9, limit: 10)
            Issue.record("a missing object was read")
        } catch let error as S3Error {
            #expect(error.isNotFound)
        }
    }

    @Test func aWrongSecretIsRefusedByTheStore() async throws {
        let forged = S3Client(
            location: client.location, credentials: S3Credentials(accessKeyID: seaweed.accessKey, secretAccessKey: "wrong"),
            timeout: .seconds(10))
        do {
            try await forged.put("forged", body: ByteBuffer(string: "x"))
            Issue.record("the store accepted a request signed with the wrong secret")
        } catch let error as S3Error {
            guard case .status(let status, _, _) = error else { Issue.record("\(error)"); return }
            #expect(status == 403)
        }
        #expect(try await client.size(of: "forged") == nil)
    }

    @Test func blobStoreIngestsInPartsDeduplicatesAndReadsRanges() async throws {
        let store = S3BlobStore(client: client, partSize: 5 << 20)
        let content = bytes(12 << 20 | 12345, seed: 3)  // three parts, the last one short
        let path = scratch + "/large.bin"
        FileManager.default.createFile(atPath: path, contents: Data(content))
        var reported: Int64 = 0
        let stored = try await store.ingest(fileAt: path) { reported = $0 }
        #expect(stored.size == Int64(content.count))
        #expect(!stored.wasAlreadyStored)
        #expect(reported == Int64(content.count))
        #expect(stored.header == Array(content.prefix(512)))
        #expect(try await store.contains(stored.digest))
        #expect(try await client.size(of: store.key(for: stored.digest)) == Int64(content.count))
        // The part boundaries and the last byte come back exactly.
        for range in [0...99, (5 << 20) - 10...(5 << 20) + 10, content.count - 7...content.count - 1] {
            let read = try await store.read(stored.digest, first: Int64(range.lowerBound), last: Int64(range.upperBound))
            #expect(read == Array(content[range]))
        }
        let again = try await store.ingest(fileAt: path) { _ in }
        #expect(again.wasAlreadyStored)
        #expect(again.digest == stored.digest)
        await store.remove(stored.digest)
        #expect(try await store.contains(stored.digest) == false)
    }

    @Test func blobStoreRefusesEmptyAndMissingFiles() async throws {
        let store = S3BlobStore(client: client)
        FileManager.default.createFile(atPath: scratch + "/empty", contents: Data())
        await #expect(throws: AssetStoreError.self) { _ = try await store.ingest(fileAt: scratch + "/empty") { _ in } }
        await #expect(throws: AssetStoreError.self) { _ = try await store.ingest(fileAt: scratch + "/missing") { _ in } }
        await #expect(throws: AssetStoreError.self) { _ = try await store.ingest(fileAt: scratch) { _ in } }
    }

    @Test func anUnreachableStoreIsAClearErrorNotAHang() async throws {
        let store = S3BlobStore(client: client)
        let path = scratch + "/small.bin"
        FileManager.default.createFile(atPath: path, contents: Data(bytes(1000, seed: 4)))
        seaweed.stop()
        do {
            _ = try await store.ingest(fileAt: path) { _ in }
            Issue.record("ingest succeeded with the store down")
        } catch let error as AssetStoreError {
            #expect(error.description.contains("object store unreachable"))
        }
    }
}
