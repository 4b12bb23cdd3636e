import Foundation
import Testing

/// End to end: renditions and HLS from the real binary, checked with ffprobe and played by ffmpeg as an HLS client.
@Suite(.serialized) struct MediaTests {
    /// A started gateway with a short generated video (ffmpeg's test sources, 12 s, 640×360, with a tone).
    struct Fixture {
        let gateway: GatewayProcess
        let videoID: String
        let textID: String
        let key: String

        init() throws {
            gateway = try GatewayProcess()
            let video = gateway.dataDir + "/clip.mp4"
            let made = try CommandResult.run("/usr/bin/ffmpeg", [
                "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=12",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=12", "-c:v", "libx264", "-g", "50",
                "-c:a", "aac", "-shortest", video,
            ])
            try #require(made.status == 0, "\(made.stderr)")
            let text = gateway.dataDir + "/fake.mp4"
            FileManager.default.createFile(atPath: text, contents: Data(String(repeating: "not a video at all\n", count: 200).utf8))
            videoID = try #require(try gateway.run(["ingest", video, "--collection", "regional-culture", "--owner", "harbin", "--rights", "open"]).lines.first)
            textID = try #require(try gateway.run(["ingest", text, "--collection", "regional-culture", "--owner", "harbin", "--rights", "open"]).lines.first)
            _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
            try gateway.start()
            key = ""
        }

        func link(_ asset: String, action: String = "stream") throws -> String {
            let result = try gateway.run(["link", "--asset", asset, "--subject", "p", "--library", "harbin", "--action", action, "--ttl", "600"])
            return try #require(result.lines.first)
        }

        func query(_ asset: String, action: String = "stream") throws -> String {
            String(try link(asset, action: action).split(separator: "?")[1])
        }
    }

    func ffprobe(_ target: String, _ entries: String) throws -> String {
        try CommandResult.run("/usr/bin/ffprobe", ["-v", "error", "-of", "default=nw=1", "-show_entries", entries, target]).text
    }

    @Test func streamLinkPointsAtAPlaylistThatFfmpegPlaysToTheEnd() throws {
        let fixture = try Fixture()
        let url = try fixture.link(fixture.videoID)
        #expect(url.contains("/hls/video-h264-720p/index.m3u8?"))
        let playlist = try CommandResult.curl(["-f", url]).text
        #expect(playlist.hasPrefix("#EXTM3U"))
        #expect(playlist.contains("#EXT-X-PLAYLIST-TYPE:VOD"))
        #expect(playlist.contains("#EXT-X-ENDLIST"))
        #expect(playlist.contains("0.ts?sub=p&"))
        // ffmpeg as a real HLS client: every segment decodes without errors and the duration is right.
        let played = try CommandResult.run("/usr/bin/ffmpeg", ["-v", "error", "-i", url, "-f", "null", "-"])
        #expect(played.status == 0)
        #expect(played.stderr.isEmpty, "\(played.stderr)")
        let out = fixture.gateway.dataDir + "/played.ts"
        _ = try CommandResult.run("/usr/bin/ffmpeg", ["-v", "error", "-i", url, "-c", "copy", out])
        let duration = Double(try ffprobe(out, "format=duration").replacingOccurrences(of: "duration=", with: "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(abs(duration - 12) < 0.2, "duration \(duration)")
    }

    @Test func aLaterSegmentCanBeFetchedFirstWithContinuousTimestamps() throws {
        let fixture = try Fixture()
        let query = try fixture.query(fixture.videoID)
        let base = fixture.gateway.baseURL + "/assets/\(fixture.videoID)/hls/video-h264-720p/"
        let target = fixture.gateway.dataDir + "/seg2.ts"
        let fetched = try CommandResult.curl(["-f", "-o", target, base + "2.ts?" + query])
        #expect(fetched.status == 0)
        // Segment 2 of 4 s segments starts at 8 s of source time (plus the constant MPEG-TS offset of 1.4 s).
        let start = try ffprobe(target, "format=start_time")
        let value = Double(start.replacingOccurrences(of: "start_time=", with: "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(abs(value - 9.4) < 0.05, "start_time \(value)")
        let codec = try ffprobe(target, "stream=codec_name")
        #expect(codec.contains("h264"))
        #expect(codec.contains("aac"))
        // A segment past the end, and a malformed name, are 404.
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", base + "99.ts?" + query]).text == "404")
        #expect(try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", base + "x.ts?" + query]).text == "404")
    }

    @Test func renditionIsAcceptedThenServedWithRanges() throws {
        let fixture = try Fixture()
        let query = try fixture.query(fixture.videoID, action: "download")
        let url = fixture.gateway.baseURL + "/assets/\(fixture.videoID)/renditions/video-h264-480p?" + query
        let first = try CommandResult.curl(["-D", "-", url]).text
        #expect(first.contains("HTTP/1.1 202"))
        #expect(first.contains("Retry-After:"))
        #expect(first.contains("\"percent\":"))
        var status = ""
        for _ in 0..<240 {
            status = try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", url]).text
            if status != "202" { break }
            usleep(500_000)
        }
        #expect(status == "200")
        let target = fixture.gateway.dataDir + "/r.mp4"
        #expect(try CommandResult.curl(["-f", "-o", target, url]).status == 0)
        let streams = try ffprobe(target, "stream=codec_name,width,height")
        #expect(streams.contains("codec_name=h264"))
        #expect(streams.contains("width=640"))
        #expect(streams.contains("height=360"))
        #expect(streams.contains("codec_name=aac"))
        let whole = Array(try Data(contentsOf: URL(fileURLWithPath: target)))
        let part = try CommandResult.curl(["-f", "-r", "100-199", url])
        #expect(Array(part.stdout) == Array(whole[100...199]))
        // moov before mdat (fast start), so browsers play before the download ends.
        let text = String(decoding: whole.prefix(4096), as: UTF8.self)
        #expect(text.contains("moov"))
    }

    @Test func badMediaUnknownProfilesAndWrongLinksAreClearErrors() throws {
        let fixture = try Fixture()
        func code(_ url: String) throws -> String {
            try CommandResult.curl(["-o", "/dev/null", "-w", "%{http_code}", url]).text
        }
        let textQuery = try fixture.query(fixture.textID)
        // Text renamed .mp4 is not media: 422 with a JSON reason, and the server stays up.
        let playlist = fixture.gateway.baseURL + "/assets/\(fixture.textID)/hls/video-h264-720p/index.m3u8?" + textQuery
        #expect(try code(playlist) == "422")
        let videoQuery = try fixture.query(fixture.videoID)
        #expect(try code(fixture.gateway.baseURL + "/assets/\(fixture.videoID)/renditions/no-such-profile?" + videoQuery) == "404")
        // A read link may open documents, not play media.
        let readQuery = try fixture.query(fixture.videoID, action: "read")
        #expect(try code(fixture.gateway.baseURL + "/assets/\(fixture.videoID)/hls/video-h264-720p/index.m3u8?" + readQuery) == "403")
        // A stream link may play but never fetch the original.
        #expect(try code(fixture.gateway.baseURL + "/assets/\(fixture.videoID)/content?" + videoQuery) == "403")
        #expect(try code(fixture.gateway.baseURL + "/healthz") == "200")
    }

    /// 500 players that hang up while their segment is being made leave descriptors flat and the server serving.
    @Test func abortedSegmentRequestsLeakNothing() throws {
        let fixture = try Fixture()
        let query = try fixture.query(fixture.videoID)
        let base = fixture.gateway.baseURL + "/assets/\(fixture.videoID)/hls/video-h264-480p/"
        // Warm up: every segment made once and served once, so the kept-open descriptors of the cache files (an
        // intended cache of at most 256) are in the baseline.
        for segment in 0..<3 { _ = try CommandResult.curl(["-f", "-o", "/dev/null", base + "\(segment).ts?" + query]) }
        usleep(1_000_000)
        let baseline = fixture.gateway.openDescriptorCount()
        let baselineDescriptors = fixture.gateway.openDescriptors()
        for round in 0..<500 {
            _ = try CommandResult.curl(["-o", "/dev/null", "--max-time", "0.05", base + "\(round % 3).ts?" + query])
        }
        var after = fixture.gateway.openDescriptorCount()
        for _ in 0..<100 where after > baseline {
            usleep(100_000)
            after = fixture.gateway.openDescriptorCount()
        }
        #expect(
            after <= baseline,
            "descriptors \(baseline) → \(after); opened: \(fixture.gateway.descriptorsOpened(since: baselineDescriptors))")
        #expect(try CommandResult.curl(["-f", "-o", "/dev/null", "-w", "%{http_code}", base + "1.ts?" + query]).text == "200")
    }
}
