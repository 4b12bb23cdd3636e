import CQPDF

/// A PDF opened with libqpdf's C object API: read from a file or from bytes, inspected and changed through object
/// handles, written once. Reading loads the cross-reference table and, on demand, the objects asked for; stream data
/// (a scan's images) stays in the file until it is copied to the output, so a 300 MB original costs little memory.
/// Blocking; one thread at a time.
final class QPDFDocument {
    let qpdf: qpdf_data
    /// Where the document came from, for messages.
    let name: String
    /// The bytes of a document read from memory: libqpdf reads them in place until the document is gone.
    private let memory: UnsafeMutableRawBufferPointer?

    /// Opens the PDF at `path` with an empty password: a file with only an owner password opens, one with a user
    /// password does not. A damaged file is repaired as far as qpdf can (see ``warnings()``).
    init(path: String) throws(PDFStampError) {
        guard let qpdf = qpdf_init() else { throw PDFStampError(.internal, "libqpdf: out of memory") }
        self.qpdf = qpdf
        self.name = path
        self.memory = nil
        Self.quiet(qpdf)
        if qpdf_read(qpdf, path, "") & Self.errors != 0 { throw error() }
    }

    /// Opens a PDF made in memory (the cover, the watermark).
    init(bytes: [UInt8], name: String) throws(PDFStampError) {
        guard let qpdf = qpdf_init() else { throw PDFStampError(.internal, "libqpdf: out of memory") }
        self.qpdf = qpdf
        self.name = name
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        memory.copyBytes(from: bytes)
        self.memory = memory
        Self.quiet(qpdf)
        let status = qpdf_read_memory(
            qpdf, name, memory.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(bytes.count), "")
        if status & Self.errors != 0 { throw error() }
    }

    deinit {
        var handle: qpdf_data? = qpdf
        qpdf_cleanup(&handle)
        memory?.deallocate()
    }

    /// `QPDF_ERRORS` (a macro Swift does not import).
    static let errors: QPDF_ERROR_CODE = 2

    /// Errors are read with ``error()``, warnings with ``warnings()``: nothing goes to the server's standard error.
    private static func quiet(_ qpdf: qpdf_data) {
        qpdf_silence_errors(qpdf)
        qpdf_set_suppress_warnings(qpdf, 1)
    }

    var isEncrypted: Bool { qpdf_is_encrypted(qpdf) != 0 }

    /// Copies `/MediaBox`, `/CropBox`, `/Rotate` and `/Resources` inherited from the page tree onto each page (as
    /// qpdf does anyway when it inserts pages or linearizes), so every page carries its own.
    func pushInheritedAttributes() throws(PDFStampError) {
        if qpdf_push_inherited_attributes_to_page(qpdf) & Self.errors != 0 { throw error() }
    }

    func pageCount() throws(PDFStampError) -> Int {
        let count = qpdf_get_num_pages(qpdf)
        if count < 0 || qpdf_has_error(qpdf) != 0 { throw error() }
        return Int(count)
    }

    /// Throws qpdf's pending error, if any (object accessors report errors only this way).
    func check() throws(PDFStampError) {
        if qpdf_has_error(qpdf) != 0 { throw error() }
    }

    /// What qpdf warned about since the last call (e.g. what it repaired), at most `limit`.
    func warnings(limit: Int = 20) -> [String] {
        var warnings: [String] = []
        while qpdf_more_warnings(qpdf) != 0 {
            let warning = qpdf_next_warning(qpdf)
            if warnings.count < limit, let text = qpdf_get_error_full_text(qpdf, warning) {
                warnings.append(String(cString: text))
            }
        }
        return warnings
    }

    /// qpdf's pending error as a ``PDFStampError`` with its own words.
    func error() -> PDFStampError {
        let error = qpdf_get_error(qpdf)
        let text = qpdf_get_error_full_text(qpdf, error).map { String(cString: $0) } ?? "unknown error"
        switch qpdf_get_error_code(qpdf, error) {
        case qpdf_e_password:
            return PDFStampError(
                .encrypted,
                "\(name) needs a password to open (it is encrypted with a user password); ask the owning library for "
                    + "an unprotected copy (qpdf: \(text))")
        case qpdf_e_unsupported:
            return PDFStampError(.unsupported, "\(name) uses a PDF feature qpdf does not support: \(text)")
        case qpdf_e_system:
            return PDFStampError(.io, "\(text)")
        case qpdf_e_internal:
            return PDFStampError(.internal, "libqpdf failed on \(name): \(text)")
        default:
            return PDFStampError(.damaged, "\(name) is damaged beyond what qpdf can repair: \(text)")
        }
    }
}
