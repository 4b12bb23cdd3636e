public import AsyncHTTPClient
import Crypto
public import Foundation
public import NIOCore
import NIOHTTP1

/// A small S3 client: the object operations the gateway needs (HEAD, ranged GET, PUT, multipart upload, DELETE,
/// bucket creation), path-style, signed with ``SigV4Signer``, on async-http-client.
///
/// Every body it reads is bounded by the caller (`limit`), so an object store answering more than asked cannot
/// grow the gateway's memory.
public struct S3Client: Sendable {
    public let location: S3Location
    let signer: SigV4Signer
    let http: HTTPClient
    /// How long one upload or other request may take, connection included.
    public let timeout: TimeAmount
    /// How long a read (HEAD, ranged GET of a slice) may take: a reader is waiting. async-http-client keeps trying to
    /// connect until the deadline, so this is also how long a read waits for a store that is down.
    public let readTimeout: TimeAmount

    public init(
        location: S3Location, credentials: S3Credentials, http: HTTPClient = .shared, timeout: TimeAmount = .seconds(30),
        readTimeout: TimeAmount = .seconds(5)
    ) {
        self.location = location
        self.signer = SigV4Signer(credentials: credentials, region: location.region)
        self.http = http
        self.timeout = timeout
        self.readTimeout = min(readTimeout, timeout)
    }

    /// The size of the object `key`, or nil when there is none.
    public func size(of key: String) async throws -> Int64? {
        let response = try await send("HEAD", key: key, operation: "HEAD \(key)", expecting: [200, 404], timeout: readTimeout)
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard response.status.code == 200 else { return nil }
        guard let length = response.headers.first(name: "content-length").flatMap(Int64.init) else {
            throw S3Error.malformed(operation: "HEAD \(key)", reason: "no Content-Length")
        }
        return length
    }

    /// The bytes `range` of the object `key` (all of it when nil), at most `limit` bytes.
    public func get(_ key: String, range: ClosedRange<Int64>? = nil, limit: Int) async throws -> ByteBuffer {
        var headers = [(String, String)]()
        if let range { headers.append(("Range", "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        let operation = "GET \(key)"
        let response = try await send(
            "GET", key: key, headers: headers, operation: operation, expecting: [200, 206], timeout: readTimeout)
        do {
            let body = try await response.body.collect(upTo: limit)
            if let range, Int64(body.readableBytes) != range.count {
                throw S3Error.malformed(
                    operation: operation, reason: "asked for \(range.count) bytes, received \(body.readableBytes)")
            }
            return body
        } catch let error as S3Error {
            throw error
        } catch let error as NIOTooManyBytesError {
            throw S3Error.malformed(operation: operation, reason: "answer larger than \(limit) bytes (\(error))")
        } catch {
            throw S3Error.unreachable(operation: operation, reason: "\(error)")
        }
    }

    /// Stores `body` as the object `key` in one request.
    public func put(_ key: String, body: ByteBuffer) async throws {
        let response = try await send("PUT", key: key, body: body, operation: "PUT \(key)", expecting: [200])
        _ = try? await response.body.collect(upTo: 64 * 1024)
    }

    /// Removes the object `key` (no error when there is none).
    public func delete(_ key: String) async throws {
        let response = try await send("DELETE", key: key, operation: "DELETE \(key)", expecting: [200, 204, 404])
        _ = try? await response.body.collect(upTo: 64 * 1024)
    }

    /// Creates the bucket unless it exists already.
    public func createBucketIfMissing() async throws {
        let response = try await send(
            "PUT", key: nil, operation: "create bucket \(location.bucket)", expecting: [200, 409])
        _ = try? await response.body.collect(upTo: 64 * 1024)
    }

    // MARK: Multipart upload

    /// Starts a multipart upload of `key` and returns its upload id.
    public func createMultipartUpload(_ key: String) async throws -> String {
        let operation = "create multipart upload \(key)"
        let response = try await send("POST", key: key, query: [("uploads", "")], operation: operation, expecting: [200])
        let body = try await collectText(response, operation: operation)
        guard let uploadID = Self.element("UploadId", in: body), !uploadID.isEmpty else {
            throw S3Error.malformed(operation: operation, reason: "no UploadId in the answer")
        }
        return uploadID
    }

    /// Uploads part `number` (1-based; every part but the last at least 5 MiB) and returns its ETag.
    public func uploadPart(_ key: String, uploadID: String, number: Int, body: ByteBuffer) async throws -> String {
        let operation = "upload part \(number) of \(key)"
        let response = try await send(
            "PUT", key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)], body: body,
            operation: operation, expecting: [200])
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard let etag = response.headers.first(name: "etag") else {
            throw S3Error.malformed(operation: operation, reason: "no ETag in the answer")
        }
        return etag
    }

    /// Completes the upload from its parts' ETags, in order.
    public func completeMultipartUpload(_ key: String, uploadID: String, parts: [String]) async throws {
        let operation = "complete multipart upload \(key)"
        var xml = "<CompleteMultipartUpload>"
        for (index, etag) in parts.enumerated() {
            xml += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(Self.escapeXML(etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let response = try await send(
            "POST", key: key, query: [("uploadId", uploadID)], body: ByteBuffer(string: xml), operation: operation,
            expecting: [200])
        // S3 may answer 200 and report a failure in the body.
        let body = try await collectText(response, operation: operation)
        if body.contains("<Error>") {
            throw S3Error.status(200, code: Self.element("Code", in: body) ?? "Error", operation: operation)
        }
    }

    /// Abandons an upload and frees its parts.
    public func abortMultipartUpload(_ key: String, uploadID: String) async throws {
        let response = try await send(
            "DELETE", key: key, query: [("uploadId", uploadID)], operation: "abort multipart upload \(key)",
            expecting: [200, 204, 404])
        _ = try? await response.body.collect(upTo: 64 * 1024)
    }

    // MARK: Requests

    /// Sends a signed request for `key` (the bucket itself when nil) and returns the response when its status is
    /// one of `expecting`; otherwise throws ``S3Error/status(_:code:operation:)`` with the store's error code.
    func send(
        _ method: String, key: String?, query: [(String, String)] = [], headers extra: [(String, String)] = [],
        body: ByteBuffer? = nil, operation: String, expecting: Set<Int>, timeout: TimeAmount? = nil
    ) async throws -> HTTPClientResponse {
        let path = "/" + SigV4Signer.encode(location.bucket) + (key.map { "/" + SigV4Signer.encodePath($0) } ?? "")
        let queryString = query.map { SigV4Signer.encode($0.0) + "=" + SigV4Signer.encode($0.1) }.joined(separator: "&")
        var request = HTTPClientRequest(url: location.endpoint + path + (queryString.isEmpty ? "" : "?" + queryString))
        request.method = HTTPMethod(rawValue: method)
        let payloadHash: String
        if let body {
            var hasher = SHA256()
            body.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            payloadHash = SigV4Signer.hex(hasher.finalize())
            request.body = .bytes(body)
            request.headers.add(name: "Content-Length", value: String(body.readableBytes))
        } else {
            payloadHash = SigV4Signer.emptyPayloadHash
        }
        var signed = [("host", location.hostHeader)]
        signed.append(contentsOf: extra)
        request.headers.replaceOrAdd(name: "Host", value: location.hostHeader)
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        for (name, value) in signer.sign(
            method: method, path: path, query: query, headers: signed, payloadHash: payloadHash, date: Date())
        {
            request.headers.add(name: name, value: value)
        }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout ?? self.timeout)
        } catch {
            throw S3Error.unreachable(operation: operation, reason: "\(error)")
        }
        let status = Int(response.status.code)
        guard expecting.contains(status) else {
            let text = (try? await response.body.collect(upTo: 64 * 1024)).map { String(buffer: $0) } ?? ""
            throw S3Error.status(status, code: Self.element("Code", in: text) ?? response.status.reasonPhrase, operation: operation)
        }
        return response
    }

    func collectText(_ response: HTTPClientResponse, operation: String) async throws -> String {
        do {
            return String(buffer: try await response.body.collect(upTo: 1 << 20))
        } catch {
            throw S3Error.unreachable(operation: operation, reason: "\(error)")
        }
    }

    /// The text of the first `<name>…</name>` in a small XML answer.
    static func element(_ name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }

    static func escapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension ClosedRange where Bound == Int64 {
    var count: Int64 { upperBound - lowerBound + 1 }
}
