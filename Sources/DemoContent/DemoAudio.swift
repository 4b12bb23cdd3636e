import Foundation

/// Writes a demo audio file: 16-bit PCM mono WAV of a gentle pentatonic melody.
public enum DemoAudio {
    /// Samples generated and written per chunk; memory use stays at this size whatever the duration.
    static let chunkSamples = 16_384

    /// Writes a WAV file of `seconds` seconds, streaming it in fixed-size chunks.
    /// - Parameters:
    ///   - path: destination; an existing file is replaced.
    ///   - seconds: duration, at least 1.
    ///   - sampleRate: samples per second, 8000…192000.
    /// - Throws: ``DemoContentError`` for an invalid duration or an I/O failure.
    public static func writeWAV(to path: String, seconds: Int, sampleRate: Int = 44100) throws {
        guard seconds >= 1, (8000...192_000).contains(sampleRate) else {
            throw DemoContentError.invalidDuration(seconds: seconds, sampleRate: sampleRate)
        }
        let (sampleCount, overflow) = seconds.multipliedReportingOverflow(by: sampleRate)
        // RIFF sizes are 32-bit: data bytes plus the 36 header bytes after the RIFF size field must fit.
        guard !overflow, sampleCount <= (Int(UInt32.max) - 36) / 2 else {
            throw DemoContentError.invalidDuration(seconds: seconds, sampleRate: sampleRate)
        }

        guard let file = fopen(path, "wb") else {
            throw DemoContentError.cannotCreate(path: path, errno: errno)
        }
        var closed = false
        defer { if !closed { fclose(file) } }

        try write(WAVHeader(sampleRate: sampleRate, sampleCount: sampleCount).bytes, to: file, path: path)
        let melody = ToneSequence(sampleRate: sampleRate)
        var chunk = [UInt8](repeating: 0, count: chunkSamples * 2)
        var position = 0
        while position < sampleCount {
            let count = min(chunkSamples, sampleCount - position)
            for offset in 0..<count {
                let sample = melody.sample(at: position + offset)
                let bits = UInt16(bitPattern: sample)
                chunk[2 * offset] = UInt8(truncatingIfNeeded: bits)  // little-endian
                chunk[2 * offset + 1] = UInt8(truncatingIfNeeded: bits >> 8)
            }
            try write(chunk[0..<(2 * count)], to: file, path: path)
            position += count
        }
        closed = true
        if fclose(file) != 0 {
            throw DemoContentError.writeFailed(path: path, errno: errno)
        }
    }

    private static func write(
        _ bytes: some Collection<UInt8>, to file: UnsafeMutablePointer<FILE>, path: String
    ) throws {
        let written = bytes.withContiguousStorageIfAvailable { buffer in
            fwrite(buffer.baseAddress, 1, buffer.count, file)
        } ?? Array(bytes).withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else {
            throw DemoContentError.writeFailed(path: path, errno: errno)
        }
    }
}
