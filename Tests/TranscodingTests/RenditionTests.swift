import Foundation
import Testing
import Transcoding

@Suite("Renditions")
struct RenditionTests {
    @Test("720p from the project's own demo video: H.264 + AAC, size, duration, 2 s closed GOPs, moov first")
    func demo720p() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("demo.mp4")
        try DemoVideo.write(path: source, seconds: 5, width: 1280, height: 720, fps: 30)
        let output = directory.path("out.mp4")
        let fractions = FractionLog()
        try RenditionMaker.make(
            source: source, profile: try Fixtures.profile("video-h264-720p"), destinationPath: output,
            progress: { fractions.append($0) })
        let probe = try MediaTool.probe(output)
        #expect(probe.video?.codec_name == "h264")
        #expect(probe.audio?.codec_name == "aac")
        #expect(probe.video?.width == 1280 && probe.video?.height == 720)
        #expect(abs(probe.duration - 5) < 0.1, "duration \(probe.duration)")
        #expect(try moovBeforeMdat(output))
        let keyframes = try MediaTool.keyframeTimes(output)
        #expect(keyframes.count == 3, "\(keyframes)")
        for (index, time) in keyframes.enumerated() { #expect(abs(time - Double(index) * 2) < 0.001, "\(keyframes)") }
        #expect(fractions.values.last == 1)
        #expect(fractions.values == fractions.values.sorted())
        #expect(!directory.files.contains { $0.hasSuffix(".partial") })
    }

    @Test("a 1080p60 source comes out as 854x480 at 30 fps")
    func downscaleAndCapFrameRate() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("hd.mp4")
        try Fixtures.video(source, seconds: 2, size: "1920x1080", rate: 60)
        let output = directory.path("out.mp4")
        try RenditionMaker.make(source: source, profile: try Fixtures.profile("video-h264-480p"), destinationPath: output)
        let probe = try MediaTool.probe(output)
        #expect(probe.video?.width == 854 && probe.video?.height == 480)
        #expect(abs(parseRate(probe.video?.avg_frame_rate) - 30) < 0.01, "\(String(describing: probe.video?.avg_frame_rate))")
        #expect(abs(probe.duration - 2) < 0.1)
    }

    @Test("an odd 719x405 source is not upscaled and keeps its aspect")
    func oddSize() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("odd.mkv")
        try Fixtures.video(
            source, seconds: 2, size: "719x405", rate: 25,
            codec: ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p"])
        let output = directory.path("out.mp4")
        try RenditionMaker.make(source: source, profile: try Fixtures.profile("video-h264-720p"), destinationPath: output)
        let probe = try MediaTool.probe(output)
        let width = try #require(probe.video?.width)
        let height = try #require(probe.video?.height)
        #expect(width <= 719 && height <= 405)
        #expect(width % 2 == 0 && height % 2 == 0)
        #expect(abs(Double(width) / Double(height) - 719.0 / 405.0) < 0.01)
        #expect(abs(parseRate(probe.video?.avg_frame_rate) - 25) < 0.01)
        #expect(abs(probe.duration - 2) < 0.1)
    }

    @Test("7.1 FLAC audio is down-mixed to stereo", arguments: ["video-h264-480p", "audio-aac-96k"])
    func surroundToStereo(profileName: String) throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("surround.mkv")
        let expressions = (0..<8).map { "sin(\(220 * ($0 + 1))*2*PI*t)*0.1" }.joined(separator: "|")
        try Fixtures.video(
            source, seconds: 2, audio: "aevalsrc=\(expressions):channel_layout=7.1",
            audioCodec: ["-c:a", "flac"])
        #expect(try MediaTool.probe(source).audio?.channels == 8)
        let output = directory.path("out")
        let profile = try Fixtures.profile(profileName)
        try RenditionMaker.make(source: source, profile: profile, destinationPath: output)
        let probe = try MediaTool.probe(output)
        #expect(probe.audio?.channels == 2)
        #expect(probe.audio?.sample_rate == String(profile.audio!.sampleRate))
        #expect((probe.video != nil) == profile.isVideo)
        #expect(abs(probe.duration - 2) < 0.1)
    }

    @Test("a video without audio gives a video-only rendition")
    func videoWithoutAudio() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("silent.mp4")
        try Fixtures.video(source, seconds: 2, audio: nil)
        let output = directory.path("out.mp4")
        try RenditionMaker.make(source: source, profile: try Fixtures.profile("video-h264-480p"), destinationPath: output)
        let probe = try MediaTool.probe(output)
        #expect(probe.video?.codec_name == "h264")
        #expect(probe.audio == nil)
        #expect(abs(probe.duration - 2) < 0.1)
    }

    @Test("a variable-frame-rate source comes out with its duration and a decodable stream")
    func variableFrameRate() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("vfr.mkv")
        // Keep every frame for the first second, then one in three: 30 fps, then 10 fps.
        try Fixtures.video(
            source, seconds: 3, extraVideoFilter: "select='lt(n\\,30)+not(mod(n\\,3))'",
            extra: ["-fps_mode", "vfr"])
        let output = directory.path("out.mp4")
        try RenditionMaker.make(source: source, profile: try Fixtures.profile("video-h264-480p"), destinationPath: output)
        let probe = try MediaTool.probe(output)
        #expect(abs(probe.duration - 3) < 0.1, "duration \(probe.duration)")
        let decode = try MediaTool.run("ffmpeg", ["-v", "error", "-i", output, "-f", "null", "-"])
        #expect(decode.status == 0 && decode.stderr.isEmpty, "\(decode.stderr)")
        let packets = try MediaTool.packets(output, stream: "v")
        #expect(packets.count > 40 && packets.count < 80, "\(packets.count) frames")
    }

    @Test("audio profiles write the right codec and container", arguments: [
        ("audio-aac-96k", "aac", "mov,mp4,m4a,3gp,3g2,mj2"), ("audio-mp3-128k", "mp3", "mp3"),
        ("audio-opus-64k", "opus", "ogg"),
    ])
    func audioProfiles(name: String, codec: String, format: String) throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("src.mp4")
        try Fixtures.video(source, seconds: 2)
        let output = directory.path("out")
        try RenditionMaker.make(source: source, profile: try Fixtures.profile(name), destinationPath: output)
        let probe = try MediaTool.probe(output)
        #expect(probe.audio?.codec_name == codec)
        #expect(probe.video == nil)
        #expect(probe.format.format_name == format)
        #expect(abs(probe.duration - 2) < 0.1, "duration \(probe.duration)")
    }

    @Test("streaming an Ogg rendition to a pipe works without seeking")
    func streamToPipe() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("src.mp4")
        try Fixtures.video(source, seconds: 2, audio: "sine=frequency=300")
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let profile = try Fixtures.profile("audio-opus-64k")
        let writeEnd = fds[1]
        let writer = Thread {
            try? RenditionMaker.stream(source: source, profile: profile, to: writeEnd)
            close(writeEnd)
        }
        writer.start()
        let bytes = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
        let output = directory.path("piped.ogg")
        try bytes.write(to: URL(fileURLWithPath: output))
        let probe = try MediaTool.probe(output)
        #expect(probe.audio?.codec_name == "opus")
        #expect(abs(probe.duration - 2) < 0.1)
    }

    @Test("cancellation stops a job and leaves no file")
    func cancellation() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("src.mp4")
        try Fixtures.video(source, seconds: 3)
        let output = directory.path("out.mp4")
        let counter = FractionLog()
        #expect(throws: TranscodeError.self) {
            try RenditionMaker.make(
                source: source, profile: try Fixtures.profile("video-h264-480p"), destinationPath: output,
                progress: { counter.append($0) }, isCancelled: { counter.values.count > 2 })
        }
        #expect(directory.files == ["src.mp4"])
    }
}

/// Collects progress values from a synchronous callback.
final class FractionLog: @unchecked Sendable {
    // Safe: the pipeline calls back on the test's own thread, synchronously; nothing else touches it.
    private(set) var values: [Double] = []
    func append(_ value: Double) { values.append(value) }
}
