import Foundation
import Testing
import Transcoding

@Suite("Bad input")
struct BadInputTests {
    enum Kind: String, CaseIterable, Sendable {
        case zeroLength, textRenamed, truncatedHeader, randomBytes, missing
    }

    @Test("unreadable media fails with invalidMedia, libav's text, and leaves no file", arguments: Kind.allCases)
    func invalidMedia(kind: Kind) throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("bad.mp4")
        switch kind {
        case .zeroLength:
            FileManager.default.createFile(atPath: source, contents: Data())
        case .textRenamed:
            try Data("This is a catalogue note, not a video.\n".utf8).write(to: URL(fileURLWithPath: source))
        case .truncatedHeader:
            let full = directory.path("full.mp4")
            try Fixtures.video(full, seconds: 1, extra: ["-movflags", "+faststart"])
            let data = try Data(contentsOf: URL(fileURLWithPath: full))
            try data.prefix(600).write(to: URL(fileURLWithPath: source))
            try FileManager.default.removeItem(atPath: full)
        case .randomBytes:
            // Fixed bytes (xorshift from a constant seed): this test runs libav in the test process, and one run on
            // fresh random bytes once crashed inside libavformat, taking every test with it. Random and mutated
            // media are the job of scripts/fuzz-media, against the gateway, whose transcodes run in worker processes.
            var state: UInt32 = 0x9E37_79B9
            let bytes = (0..<4096).map { _ -> UInt8 in
                state ^= state << 13
                state ^= state >> 17
                state ^= state << 5
                return UInt8(truncatingIfNeeded: state)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: source))
        case .missing:
            break
        }
        let output = directory.path("out.mp4")
        do {
            try RenditionMaker.make(source: source, profile: try Fixtures.profile("video-h264-480p"), destinationPath: output)
            Issue.record("made a rendition of \(kind)")
        } catch let error as TranscodeError {
            #expect(error.code == .invalidMedia, "\(error)")
            #expect(error.isUnprocessableMedia)
            #expect(error.message.contains("bad.mp4"))
        }
        #expect(throws: TranscodeError.self) { try MediaProbe.probe(path: source) }
        #expect(!directory.files.contains { $0.hasPrefix("out") })
    }

    @Test("a file cut in the middle of its media data still gives a playable, shorter rendition")
    func truncatedMedia() throws {
        let directory = try TemporaryDirectory()
        let full = directory.path("full.ts")
        try Fixtures.video(full, seconds: 4)
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        let source = directory.path("cut.ts")
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: source))
        let output = directory.path("out.mp4")
        try RenditionMaker.make(source: source, profile: try Fixtures.profile("video-h264-480p"), destinationPath: output)
        let probe = try MediaTool.probe(output)
        #expect(probe.duration > 0.5 && probe.duration < 3.5, "duration \(probe.duration)")
    }

    @Test("an audio-only asset asked for a video profile is a clear unsuitableProfile error (422)")
    func audioOnlyForVideoProfile() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("talk.flac")
        try MediaTool.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=500:duration=1", source])
        do {
            try RenditionMaker.make(
                source: source, profile: try Fixtures.profile("video-h264-720p"), destinationPath: directory.path("x.mp4"))
            Issue.record("made a video rendition of an audio-only file")
        } catch let error as TranscodeError {
            #expect(error.code == .unsuitableProfile)
            #expect(error.isUnprocessableMedia)
            #expect(error.message.contains("audio-aac-96k"))
        }
        // The audio profile works for the same asset.
        try RenditionMaker.make(
            source: source, profile: try Fixtures.profile("audio-aac-96k"), destinationPath: directory.path("x.m4a"))
        #expect(try MediaTool.probe(directory.path("x.m4a")).audio?.codec_name == "aac")
    }

    /// A WAV header of PCM with `channels` channels at `rate` Hz over half a second of silence.
    static func wav(channels: UInt16, rate: UInt32) -> Data {
        var data = Data()
        func add<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        let payload = UInt32(22_050 * 2)
        data.append(contentsOf: Array("RIFF".utf8)); add(UInt32(36) + payload)
        data.append(contentsOf: Array("WAVEfmt ".utf8)); add(UInt32(16)); add(UInt16(1)); add(channels); add(rate)
        add(rate * UInt32(channels) * 2); add(channels * 2); add(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); add(payload)
        data.append(Data(count: Int(payload)))
        return data
    }

    @Test("headers claiming what no recording has are refused at the probe", arguments: [
        (UInt16(257), UInt32(44_100)), (UInt16(2), UInt32(7)), (UInt16(2), UInt32(4_000_000)),
    ])
    func implausibleHeaders(channels: UInt16, rate: UInt32) throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("crafted.wav")
        try Self.wav(channels: channels, rate: rate).write(to: URL(fileURLWithPath: source))
        #expect(throws: TranscodeError.self) { try MediaProbe.probe(path: source) }
        // The same header with plausible values is media.
        try Self.wav(channels: 2, rate: 44_100).write(to: URL(fileURLWithPath: source))
        #expect(try MediaProbe.probe(path: source).audio?.channels == 2)
    }

    /// A file libav opens whose only stream cannot be decoded (12 bytes of an ADTS stream): refused as invalid media
    /// once. Its input context used to be closed twice (in the failing initialiser and again in `deinit`), a double
    /// free that crashed whatever process probed it.
    @Test("a file without a decodable stream is refused without a double close")
    func noDecodableStream() throws {
        let directory = try TemporaryDirectory()
        let full = directory.path("tone.aac")
        let made = try MediaTool.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac", "-f", "adts", full])
        try #require(made.status == 0)
        let cut = directory.path("cut.aac")
        try Data(try Data(contentsOf: URL(fileURLWithPath: full)).prefix(12)).write(to: URL(fileURLWithPath: cut))
        for _ in 0..<20 {
            #expect(throws: TranscodeError.self) { try MediaProbe.probe(path: cut) }
        }
    }
}
