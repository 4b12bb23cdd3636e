/// Why a stamped copy could not be made.
///
/// A struct wrapping a private enum so new codes can be added without breaking callers. ``Code/notPDF``,
/// ``Code/encrypted``, ``Code/damaged`` and ``Code/unsupported`` are the file's fault (answer 422 and never serve the
/// original in its place); ``Code/io`` and ``Code/internal`` are this machine's.
public struct PDFStampError: Error, Sendable, CustomStringConvertible {
    /// A coarse classification of the failure, stable for callers to switch on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case notPDF, encrypted, damaged, unsupported, invalidRequest, io, `internal`
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The file does not start like a PDF (no `%PDF-` in its first 1,024 bytes), or is empty.
        public static let notPDF = Code(.notPDF)
        /// The file needs a password to open (a user password). Files with only an owner password are stamped.
        public static let encrypted = Code(.encrypted)
        /// qpdf could not read or repair the file.
        public static let damaged = Code(.damaged)
        /// The file uses something qpdf does not support, e.g. a certificate (public-key) security handler.
        public static let unsupported = Code(.unsupported)
        /// The request asks for neither a cover nor a watermark, or for an empty watermark.
        public static let invalidRequest = Code(.invalidRequest)
        /// Reading the input or writing the output failed (missing file, permissions, disk full).
        public static let io = Code(.io)
        /// Anything else, e.g. a missing font file.
        public static let `internal` = Code(.internal)

        /// A stable name (`notPDF`, …) for logs and error bodies.
        public var name: String { value.rawValue }

        public var description: String { value.rawValue }
    }

    public let code: Code
    /// A message for a person: what failed, qpdf's own words where there are some, and what to do next.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// `true` when the input file is at fault (answer 422).
    public var isUnprocessableInput: Bool {
        code == .notPDF || code == .encrypted || code == .damaged || code == .unsupported
    }
}
