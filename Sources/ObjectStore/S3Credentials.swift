import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An access key id and its secret, from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` or from a file readable by the
/// gateway's user alone holding `KEY SECRET`.
public struct S3Credentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String

    public init(accessKeyID: String, secretAccessKey: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }

    /// The credentials in `environment`, if both variables are set and not empty.
    public static func fromEnvironment(_ environment: [String: String]) -> S3Credentials? {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else { return nil }
        return S3Credentials(accessKeyID: key, secretAccessKey: secret)
    }

    /// Reads `KEY SECRET` from `path`, refusing a file that others may read (mode must allow the owner only).
    public static func load(path: String) throws -> S3Credentials {
        var info = stat()
        guard stat(path, &info) == 0 else { throw S3ConfigurationError("\(path): cannot read the S3 credentials file") }
        let mode = Int(info.st_mode) & 0o777
        if mode & 0o077 != 0 {
            throw S3ConfigurationError(
                "\(path): the S3 credentials file is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw S3ConfigurationError("\(path): cannot read the S3 credentials file")
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard words.count == 2 else {
            throw S3ConfigurationError("\(path): expected one line \"ACCESS_KEY_ID SECRET_ACCESS_KEY\"")
        }
        return S3Credentials(accessKeyID: String(words[0]), secretAccessKey: String(words[1]))
    }
}

/// A configuration of the object store that cannot work, with a one-line reason.
public struct S3ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
