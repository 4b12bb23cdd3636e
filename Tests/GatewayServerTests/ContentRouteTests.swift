import Access
import AssetStore
import Foundation
import NIOCore
import NIOFoundationCompat
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ContentRouteTests {
    @Test func fullDownloadHasValidatorsAndDisposition() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: gateway.contentURI(action: .download), method: .get) { response in
                #expect(response.status == .ok)
                #expect(Array(buffer: response.body) == gateway.bytes)
                #expect(response.headers[.acceptRanges] == "bytes")
                #expect(response.headers[.eTag] == "\"\(gateway.asset.sha256.hex)\"")
                #expect(response.headers[.lastModified] != nil)
                #expect(response.headers[.cacheControl] == "private")
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                let disposition = try #require(response.headers[.contentDisposition])
                #expect(disposition.hasPrefix("attachment;"))
                #expect(disposition.contains("filename*=UTF-8''%E9%BB%91%E9%BE%99%E6%B1%9F"))
            }
        }
    }

    @Test func readLinkIsInline() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: gateway.contentURI(action: .read), method: .get) { response in
                #expect(response.headers[.contentDisposition]?.hasPrefix("inline;") == true)
            }
        }
    }

    @Test func streamLinkCannotFetchTheOriginal() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: gateway.contentURI(action: .stream), method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("\"code\":\"action_not_allowed\""))
            }
        }
    }

    @Test(arguments: [
        ("bytes=0-9", 0, 9), ("bytes=-10", 999, 1008), ("bytes=1000-", 1000, 1008), ("bytes=5-5000", 5, 1008),
    ])
    func singleRangesServeTheRightBytes(range: String, first: Int, last: Int) async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: gateway.contentURI(), method: .get, headers: [.range: range]) { response in
                #expect(response.status == .partialContent)
                #expect(Array(buffer: response.body) == Array(gateway.bytes[first...last]))
                #expect(response.headers[.contentRange] == "bytes \(first)-\(last)/\(gateway.bytes.count)")
                #expect(response.headers[.contentLength] == String(last - first + 1))
            }
        }
    }

    @Test func multipleRangesAreMultipart() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: gateway.contentURI(), method: .get, headers: [.range: "bytes=0-4,100-109"]) { response in
                #expect(response.status == .partialContent)
                let type = try #require(response.headers[.contentType])
                #expect(type.hasPrefix("multipart/byteranges; boundary="))
                let body = Array(buffer: response.body)
                #expect(response.headers[.contentLength] == String(body.count))
                let text = String(decoding: body, as: UTF8.self)
                #expect(text.contains("Content-Range: bytes 0-4/1009"))
                #expect(text.contains("Content-Range: bytes 100-109/1009"))
                #expect(text.contains("Content-Type: application/pdf"))
            }
        }
    }

    @Test func unsatisfiableRangeIs416() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: gateway.contentURI(), method: .get, headers: [.range: "bytes=5000-"]) { response in
                #expect(response.status == .rangeNotSatisfiable)
                #expect(response.headers[.contentRange] == "bytes */1009")
            }
        }
    }

    @Test func conditionalRequests() async throws {
        let gateway = try await TestGateway()
        let etag = "\"\(gateway.asset.sha256.hex)\""
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: gateway.contentURI(), method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: gateway.contentURI(), method: .get, headers: [.ifMatch: "\"other\""]) { response in
                #expect(response.status == .preconditionFailed)
            }
            try await client.execute(
                uri: gateway.contentURI(), method: .get, headers: [.range: "bytes=0-1", .ifRange: "\"stale\""]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == gateway.bytes.count)
            }
            try await client.execute(
                uri: gateway.contentURI(), method: .get, headers: [.range: "bytes=0-1", .ifRange: etag]
            ) { response in
                #expect(response.status == .partialContent)
            }
        }
    }

    @Test func headHasGetsHeadersAndNoBody() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            let get = try await client.execute(uri: gateway.contentURI(), method: .get, headers: [.range: "bytes=10-19"])
            let head = try await client.execute(uri: gateway.contentURI(), method: .head, headers: [.range: "bytes=10-19"])
            #expect(head.status == get.status)
            #expect(head.body.readableBytes == 0)
            for name in [HTTPField.Name.contentLength, .contentRange, .eTag, .lastModified, .contentType, .contentDisposition] {
                #expect(head.headers[name] == get.headers[name], "\(name)")
            }
        }
    }

    @Test func missingCredentialsAre401WithChallenge() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: "/assets/\(gateway.asset.id)/content", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] != nil)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(String(buffer: response.body).contains("\"code\":\"credentials_required\""))
            }
        }
    }

    @Test func expiredLinkIs410() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            let uri = "/assets/\(gateway.asset.id)/content?\(gateway.query(expiresIn: -5))"
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .gone)
                #expect(String(buffer: response.body).contains("link_expired"))
            }
        }
    }

    @Test func linkForAnotherAssetIsRejected() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            let uri = "/assets/\(gateway.asset.id)/content?\(gateway.query(assetID: "someotherasset"))"
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test(arguments: [
        "/assets/..%2F..%2Fetc%2Fpasswd/content", "/assets/%2e%2e/content", "/assets/a%00b/content",
        "/assets/" + String(repeating: "x", count: 10_000) + "/content", "/assets/../../etc/passwd",
        "/assets/abc%20def/content",
    ])
    func hostileIDsNeverReachTheStore(path: String) async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: path + "?" + gateway.query(), method: .get) { response in
                #expect(response.status == .badRequest || response.status == .notFound, "\(response.status)")
                #expect(!String(buffer: response.body).contains("root:"))
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func unknownAssetWithValidLinkIs404() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            let uri = "/assets/doesnotexist/content?\(gateway.query(assetID: "doesnotexist"))"
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("\"code\":\"not_found\""))
            }
        }
    }

    @Test func metadataIsReadableWithAnyValidLink() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: "/assets/\(gateway.asset.id)?\(gateway.query(action: .stream))", method: .get) { response in
                #expect(response.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(json?["id"] as? String == gateway.asset.id)
                #expect(json?["sha256"] as? String == gateway.asset.sha256.hex)
                #expect(json?["size"] as? Int == gateway.bytes.count)
                #expect(json?["owner_library"] as? String == "harbin")
                #expect(json?["rights"] as? String == "in-copyright")
                #expect(json?["media_kind"] as? String == "pdf")
                #expect(json?["file_name"] as? String == "黑龙江地方志 第1卷.pdf")
            }
        }
    }

    @Test func healthz() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// HEAD answers exactly GET's headers, `Content-Length` of multipart answers included: the boundary is random per
/// response but always the same length.
@Suite struct MultipartLengthTests {
    @Test func headAndGetAgreeOnMultipartLengthEveryTime() async throws {
        let gateway = try await TestGateway()
        try await gateway.app.test(.router) { client in
            var lengths = Set<String>()
            var boundaries = Set<String>()
            for _ in 0..<200 {
                for method in [HTTPRequest.Method.head, .get] {
                    try await client.execute(uri: gateway.contentURI(), method: method, headers: [.range: "bytes=0-1,5-6"]) { response in
                        #expect(response.status == .partialContent)
                        lengths.insert(response.headers[.contentLength] ?? "none")
                        if let type = response.headers[.contentType] { boundaries.insert(type) }
                        if method == .get { #expect(response.headers[.contentLength] == String(response.body.readableBytes)) }
                    }
                }
            }
            #expect(lengths.count == 1, "Content-Length varied between responses: \(lengths.sorted())")
            #expect(boundaries.count > 300, "boundaries should be random per response")
        }
    }
}
