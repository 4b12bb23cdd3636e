import CQPDF

extension QPDFDocument {
    /// Writes the document to `path`: linearized, with an `/ID` computed from the content (the same document gives
    /// the same bytes), without encryption (encrypted output takes random initialisation vectors, and qpdf gives no
    /// deterministic `/ID` to encrypted output), uncompressed streams compressed, the rest copied as they are.
    func write(to path: String, progress: ((Int) -> Void)?) throws(PDFStampError) {
        if qpdf_init_write(qpdf, path) & Self.errors != 0 { throw error() }
        qpdf_set_linearization(qpdf, 1)
        qpdf_set_deterministic_ID(qpdf, 1)
        qpdf_set_preserve_encryption(qpdf, 0)
        let reporter = progress.map(ProgressReporter.init)
        if let reporter {
            qpdf_register_progress_reporter(qpdf, reportProgress, Unmanaged.passUnretained(reporter).toOpaque())
        }
        let status = withExtendedLifetime(reporter) { qpdf_write(qpdf) }
        if status & Self.errors != 0 { throw error() }
    }
}

/// Hands qpdf's write progress (percent) to a closure, on the thread writing.
private final class ProgressReporter {
    let callback: (Int) -> Void

    init(_ callback: @escaping (Int) -> Void) { self.callback = callback }
}

/// The C function qpdf calls with progress; the reporter comes as its context (a C function captures nothing).
private func reportProgress(_ percent: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    Unmanaged<ProgressReporter>.fromOpaque(context).takeUnretainedValue().callback(Int(percent))
}
