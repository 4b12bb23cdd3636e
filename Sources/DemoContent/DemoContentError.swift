/// An error from writing demo content. The message says what went wrong and what to do next.
public struct DemoContentError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable {
        case invalidDuration(seconds: Int, sampleRate: Int)
        case cannotCreate(path: String, errno: Int32)
        case writeFailed(path: String, errno: Int32)
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    static func invalidDuration(seconds: Int, sampleRate: Int) -> DemoContentError {
        DemoContentError(.invalidDuration(seconds: seconds, sampleRate: sampleRate))
    }

    static func cannotCreate(path: String, errno: Int32) -> DemoContentError {
        DemoContentError(.cannotCreate(path: path, errno: errno))
    }

    static func writeFailed(path: String, errno: Int32) -> DemoContentError {
        DemoContentError(.writeFailed(path: path, errno: errno))
    }

    public var description: String {
        switch code {
        case .invalidDuration(let seconds, let sampleRate):
            return "cannot make a WAV of \(seconds) s at \(sampleRate) Hz: use 1 s or more, a rate from 8000 to "
                + "192000 Hz, and keep the data under 4 GiB (the WAV size limit)"
        case .cannotCreate(let path, let errno):
            return "cannot create '\(path)' (errno \(errno)): check that the directory exists and is writable"
        case .writeFailed(let path, let errno):
            return "writing '\(path)' failed (errno \(errno)): check free disk space, "
                + "then run `gateway demo seed` again"
        }
    }
}
