public import Access
public import AssetStore
public import Foundation

/// Mints absolute signed links (for `gateway link`, the demo and, later, `POST /links`).
public struct LinkMinter: Sendable {
    public let services: GatewayServices

    public init(services: GatewayServices) {
        self.services = services
    }

    /// The newest signing key of `library` (data directory first, development keys on loopback), or the key `keyID`.
    public func signingKey(library: String, keyID: String?) async throws -> SigningKey {
        var candidates = (try? await services.storage.signingKeys.keys()) ?? []
        if services.configuration.listensOnLoopback {
            candidates += (try? KeyRing.loadDevelopmentKeys(path: services.configuration.resolve(services.configuration.devKeysFile))) ?? []
        }
        if let keyID {
            guard let key = candidates.first(where: { $0.id == keyID }) else {
                throw ConfigurationError("no signing key '\(keyID)' (make one with: gateway keys add-signing --library \(library))")
            }
            guard key.library == library else {
                throw ConfigurationError("signing key '\(keyID)' belongs to library '\(key.library)', not '\(library)'")
            }
            return key
        }
        guard let key = candidates.last(where: { $0.library == library && !$0.isDevelopmentKey })
            ?? candidates.last(where: { $0.library == library })
        else {
            throw ConfigurationError("library '\(library)' has no signing key (make one with: gateway keys add-signing --library \(library))")
        }
        return key
    }

    /// The path a link of `action` opens: the original for read/download; for stream, the HLS playlist of the
    /// default profile (`video-h264-720p` for video, `audio-aac-96k` for audio), or the metadata for other kinds.
    public static func path(for asset: Asset, action: LinkAction) -> String {
        switch (action, asset.mediaKind) {
        case (.read, _), (.download, _): return "/assets/\(asset.id)/content"
        case (.stream, .video): return "/assets/\(asset.id)/hls/video-h264-720p/index.m3u8"
        case (.stream, .audio): return "/assets/\(asset.id)/hls/audio-aac-96k/index.m3u8"
        case (.stream, _): return "/assets/\(asset.id)"
        }
    }

    /// An absolute URL for `asset`.
    public func mint(asset: Asset, subject: String, library: String, action: LinkAction, ttlSeconds: Int64,
        boundNetwork: String? = nil, keyID: String? = nil, now: Date = Date()) async throws -> (url: String, expires: Int64)
    {
        let key = try await signingKey(library: library, keyID: keyID)
        guard let secret = key.secretBytes else { throw ConfigurationError("signing key '\(key.id)' has an unreadable secret") }
        let expires = Int64(now.timeIntervalSince1970) + ttlSeconds
        let link = SignedLink(
            assetID: asset.id, subject: subject, library: library, action: action, expires: expires, keyID: key.id,
            boundNetwork: boundNetwork)
        let url = services.linkBaseURL + Self.path(for: asset, action: action) + "?" + link.queryString(secret: secret)
        return (url, expires)
    }
}
