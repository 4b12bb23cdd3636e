/// The 44-byte canonical header of a PCM WAV file (RIFF `WAVE` with `fmt ` and `data` chunks).
struct WAVHeader {
    static let channels = 1
    static let bitsPerSample = 16

    var sampleRate: Int
    var sampleCount: Int

    var bytes: [UInt8] {
        let blockAlign = Self.channels * Self.bitsPerSample / 8
        let dataSize = sampleCount * blockAlign
        var header: [UInt8] = []
        header.reserveCapacity(44)
        header += Array("RIFF".utf8)
        header += littleEndian(UInt32(36 + dataSize))
        header += Array("WAVE".utf8)
        header += Array("fmt ".utf8)
        header += littleEndian(UInt32(16))  // fmt chunk size for PCM
        header += littleEndian(UInt16(1))  // format 1 = integer PCM
        header += littleEndian(UInt16(Self.channels))
        header += littleEndian(UInt32(sampleRate))
        header += littleEndian(UInt32(sampleRate * blockAlign))  // byte rate
        header += littleEndian(UInt16(blockAlign))
        header += littleEndian(UInt16(Self.bitsPerSample))
        header += Array("data".utf8)
        header += littleEndian(UInt32(dataSize))
        return header
    }

    private func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
