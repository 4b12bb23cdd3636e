import Foundation
import Testing
import Transcoding

@Suite("HLS segments")
struct SegmentTests {
    @Test("segment k made first starts at k·S + 1.4 s with an IDR frame and holds exactly S seconds")
    func segmentMadeFirst() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("src.mp4")
        try Fixtures.video(source, seconds: 12)
        let profile = try Fixtures.profile("video-h264-480p")
        let output = directory.path("2.ts")
        try SegmentMaker.make(source: source, profile: profile, index: 2, segmentSeconds: 4, destinationPath: output)
        let video = try MediaTool.packets(output, stream: "v")
        let first = try #require(video.min { $0.pts < $1.pts })
        #expect(abs(first.pts - (8 + SegmentMaker.timestampOffsetSeconds)) < 0.001, "first pts \(first.pts)")
        #expect(first.flags.contains("K"))
        #expect(video.count == 120)
        let audio = try MediaTool.packets(output, stream: "a")
        let audioStart = try #require(audio.map(\.pts).min())
        // 8 s at 48 kHz is exactly 375 AAC frames, so audio starts on the boundary too.
        #expect(abs(audioStart - 9.4) < 0.001, "audio starts at \(audioStart)")
        #expect(directory.files.sorted() == ["2.ts", "src.mp4"])
    }

    @Test("all segments of a 20 s clip, made in reverse order, concatenate without gaps and play as HLS")
    func concatenation() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("src.mp4")
        try Fixtures.video(source, seconds: 20, size: "480x270")
        let profile = try Fixtures.profile("video-h264-480p")
        let info = try MediaProbe.probe(path: source)
        let count = HLSPlaylist.segmentCount(duration: info.durationSeconds, segmentSeconds: 4)
        #expect(count == 5)
        for index in (0..<count).reversed() {
            try SegmentMaker.make(
                source: source, profile: profile, index: index, segmentSeconds: 4,
                destinationPath: directory.path("\(index).ts"))
        }
        let playlist = HLSPlaylist.make(duration: info.durationSeconds, segmentSeconds: 4) { "\($0).ts" }
        try playlist.write(toFile: directory.path("index.m3u8"), atomically: true, encoding: .utf8)

        // Byte-concatenated segments form one continuous transport stream.
        var joined = Data()
        for index in 0..<count { joined += try Data(contentsOf: URL(fileURLWithPath: directory.path("\(index).ts"))) }
        let all = directory.path("all.ts")
        try joined.write(to: URL(fileURLWithPath: all))
        let video = try MediaTool.packets(all, stream: "v").map(\.pts).sorted()
        #expect(video.count == 600)
        for (index, pts) in video.enumerated() {
            if abs(pts - (1.4 + Double(index) / 30)) > 0.001 {
                Issue.record("video frame \(index) at \(pts)")
                break
            }
        }
        let audio = try MediaTool.packets(all, stream: "a")
        for (previous, next) in zip(audio, audio.dropFirst()) where abs(previous.pts + previous.duration - next.pts) > 0.0001 {
            Issue.record("audio gap or overlap: \(previous.pts)+\(previous.duration) → \(next.pts)")
            break
        }
        let decode = try MediaTool.run("ffmpeg", ["-v", "error", "-i", all, "-f", "null", "-"])
        #expect(decode.status == 0 && decode.stderr.isEmpty, "\(decode.stderr)")
        #expect(abs(try MediaTool.probe(all).duration - 20) < 0.1)

        // ffmpeg's concat demuxer and its HLS client see the right duration with no decode errors.
        let list = (0..<count).map { "file '\(directory.path("\($0).ts"))'" }.joined(separator: "\n")
        try list.write(toFile: directory.path("list.txt"), atomically: true, encoding: .utf8)
        let concat = try MediaTool.run(
            "ffmpeg", ["-v", "error", "-f", "concat", "-safe", "0", "-i", directory.path("list.txt"), "-c", "copy",
                       directory.path("concat.ts")])
        #expect(concat.status == 0, "\(concat.stderr)")
        #expect(abs(try MediaTool.probe(directory.path("concat.ts")).duration - 20) < 0.1)
        let hls = try MediaTool.run("ffmpeg", ["-v", "error", "-i", directory.path("index.m3u8"), "-f", "null", "-"])
        #expect(hls.status == 0 && hls.stderr.isEmpty, "\(hls.stderr)")
        #expect(abs(try MediaTool.probe(directory.path("index.m3u8")).duration - 20) < 0.1)
    }

    @Test("a segment past the end and an Opus profile are refused")
    func refused() throws {
        let directory = try TemporaryDirectory()
        let source = directory.path("src.mp4")
        try Fixtures.video(source, seconds: 2)
        #expect(throws: TranscodeError.self) {
            try SegmentMaker.make(
                source: source, profile: try Fixtures.profile("video-h264-480p"), index: 5, segmentSeconds: 4,
                destinationPath: directory.path("5.ts"))
        }
        #expect(throws: TranscodeError.self) {
            try SegmentMaker.make(
                source: source, profile: try Fixtures.profile("audio-opus-64k"), index: 0, segmentSeconds: 4,
                destinationPath: directory.path("0.ts"))
        }
        #expect(directory.files == ["src.mp4"])
    }
}
