import Foundation
import Transcoding

/// Test media made on the spot (a few seconds each so the suite stays fast on 2 cores).
enum Fixtures {
    static func catalog() throws -> ProfileCatalog { try ProfileCatalog.load(directory: ShippedProfiles.directory) }

    static func profile(_ name: String) throws -> TranscodeProfile {
        guard let profile = try catalog()[name] else { throw MediaTool.FixtureError(message: "no profile \(name)") }
        return profile
    }

    /// A test pattern with a tone, via the `ffmpeg` program.
    static func video(
        _ path: String, seconds: Double, size: String = "640x360", rate: Int = 30, audio: String? = "sine=frequency=440",
        extraVideoFilter: String? = nil, codec: [String] = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
        audioCodec: [String] = ["-c:a", "aac"], extra: [String] = []
    ) throws {
        var arguments = ["-f", "lavfi", "-i", "testsrc2=size=\(size):rate=\(rate):duration=\(seconds)"]
        if let audio { arguments += ["-f", "lavfi", "-i", "\(audio):sample_rate=48000:duration=\(seconds)"] }
        if let extraVideoFilter { arguments += ["-vf", extraVideoFilter] }
        arguments += codec
        if audio != nil { arguments += audioCodec }
        arguments += extra + [path]
        try MediaTool.ffmpeg(arguments)
    }
}

func parseRate(_ text: String?) -> Double {
    guard let text else { return 0 }
    let parts = text.split(separator: "/").compactMap { Double($0) }
    guard parts.count == 2, parts[1] != 0 else { return 0 }
    return parts[0] / parts[1]
}

/// `true` when the MP4 file at `path` has its `moov` box before `mdat` (streamable, "faststart").
func moovBeforeMdat(_ path: String) throws -> Bool {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    var offset: UInt64 = 0
    while true {
        try handle.seek(toOffset: offset)
        guard let header = try handle.read(upToCount: 8), header.count == 8 else { return false }
        let size = header.prefix(4).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let type = String(decoding: header.suffix(4), as: UTF8.self)
        if type == "moov" { return true }
        if type == "mdat" { return false }
        guard size >= 8 else { return false }
        offset += size
    }
}
