import Foundation

/// Where blobs live in an S3-compatible store: `s3://BUCKET[/PREFIX]` at an endpoint (path-style requests), in a
/// region. Without an endpoint, AWS's regional endpoint.
public struct S3Location: Sendable, Equatable {
    public var bucket: String
    /// Key prefix without a trailing slash, or empty.
    public var prefix: String
    /// `http(s)://host[:port]`, no trailing slash.
    public var endpoint: String
    public var region: String

    public init(bucket: String, prefix: String = "", endpoint: String, region: String) {
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint = endpoint
        self.region = region
    }

    /// Parses `s3://BUCKET[/PREFIX]` with the configured endpoint (nil: `https://s3.REGION.amazonaws.com`).
    public init(url: String, endpoint: String?, region: String) throws {
        guard url.hasPrefix("s3://") else { throw S3ConfigurationError("storage: expected s3://BUCKET[/PREFIX], not \(url)") }
        let rest = url.dropFirst("s3://".count)
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let bucket = String(parts[0])
        // S3's bucket naming rules: 3-63 of lowercase letters, digits, '.' and '-'.
        guard (3...63).contains(bucket.count),
            bucket.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") })
        else {
            throw S3ConfigurationError(
                "storage: \"\(bucket)\" is not an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-')")
        }
        var prefix = parts.count > 1 ? String(parts[1]) : ""
        while prefix.hasSuffix("/") { prefix.removeLast() }
        var endpoint = endpoint ?? "https://s3.\(region).amazonaws.com"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        guard let parsed = URL(string: endpoint), let scheme = parsed.scheme, scheme == "http" || scheme == "https",
            parsed.host != nil, parsed.path.isEmpty || parsed.path == "/"
        else { throw S3ConfigurationError("s3_endpoint: expected http(s)://HOST[:PORT], not \(endpoint)") }
        self.init(bucket: bucket, prefix: prefix, endpoint: endpoint, region: region)
    }

    /// The object key for `name` under the prefix.
    public func key(_ name: String) -> String { prefix.isEmpty ? name : prefix + "/" + name }

    /// The `Host` header of requests to the endpoint (with the port when it is not the scheme's default).
    var hostHeader: String {
        guard let url = URL(string: endpoint), let host = url.host else { return endpoint }
        if let port = url.port, !(url.scheme == "http" && port == 80), !(url.scheme == "https" && port == 443) {
            return "\(host):\(port)"
        }
        return host
    }
}
