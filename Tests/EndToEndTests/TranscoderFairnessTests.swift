import Foundation
import Testing

/// One patron cannot occupy the transcoder: policy and quotas are decided before work starts, each subject and
/// library may have only so many jobs, an overload is a 503 that never marks the media as bad, and a rendition
/// nobody polls for any more is cancelled.
@Suite(.serialized) struct TranscoderFairnessTests {
    func ffmpeg(_ arguments: [String]) throws {
        let made = try CommandResult.run("/usr/bin/ffmpeg", ["-v", "error", "-y"] + arguments)
        try #require(made.status == 0, "\(made.stderr)")
    }

    /// A gateway with a generated clip of `seconds` (640×360) and `environment`.
    func gateway(seconds: Int = 30, policy: String? = nil, _ environment: [String: String]) throws -> (GatewayProcess, String) {
        let gateway = try GatewayProcess()
        gateway.extraEnvironment = environment
        if let policy { gateway.writePolicy(policy) }
        let video = gateway.dataDir + "/clip.mp4"
        try ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=\(seconds)", "-f", "lavfi", "-i", "sine=duration=\(seconds)",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", video,
        ])
        let id = try #require(try gateway.run(["ingest", video, "--collection", "regional-culture", "--owner", "harbin", "--rights", "open"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        try gateway.start()
        return (gateway, id)
    }

    func rendition(_ gateway: GatewayProcess, _ asset: String, profile: String, subject: String = "p", action: String = "stream") throws -> String {
        let url = try #require(try gateway.run(["link", "--asset", asset, "--subject", subject, "--library", "harbin", "--action", action, "--ttl", "600"]).lines.first)
        let query = String(url[try #require(url.firstIndex(of: "?"))...])
        return gateway.baseURL + "/assets/\(asset)/renditions/\(profile)" + query
    }

    /// Status, `Retry-After` and body of a GET.
    func get(_ url: String) throws -> (status: Int, retryAfter: String?, body: String) {
        let text = try CommandResult.curl(["-i", url]).text
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        let retry = head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("retry-after:") }
            .map { String($0.dropFirst(12)).trimmingCharacters(in: .whitespaces) }
        return (status, retry, text.components(separatedBy: "\r\n\r\n").dropFirst().joined())
    }

    @Test func quotasAreDecidedBeforeATranscodeStarts() throws {
        let (gateway, video) = try gateway(policy: """
            rules:
              - id: one-download-a-day
                effect: allow
                actions: all
                subjects: anyone
                limits: { downloads_per_day: 1 }
            """, [:])
        let file = gateway.makeFile(named: "other.pdf", size: 10_000)
        let other = try #require(try gateway.run(["ingest", file, "--collection", "local-docs", "--owner", "harbin", "--rights", "open"]).lines.first)
        let download = try #require(try gateway.run(["link", "--asset", other, "--subject", "p", "--library", "harbin", "--action", "download", "--ttl", "600"]).lines.first)
        #expect(try CommandResult.curl(["-f", "-o", "/dev/null", download]).status == 0)
        // The allowance is spent: a rendition (a download once made) is refused before any transcode starts.
        let refused = try get(try rendition(gateway, video, profile: "video-h264-480p"))
        #expect(refused.status == 429, "\(refused.body)")
        #expect(refused.body.contains("quota_downloads_per_day"))
        #expect(try gateway.metric("gateway_transcode_jobs") == 0)
        #expect(gateway.transcodeWorkers().isEmpty)
    }

    @Test func oneSubjectCannotOccupyTheTranscoder() throws {
        let (gateway, video) = try gateway(["GATEWAY_TRANSCODE_JOBS_PER_SUBJECT": "1", "GATEWAY_TRANSCODE_CONCURRENCY": "1"])
        #expect(try get(try rendition(gateway, video, profile: "video-h264-720p")).status == 202)
        // Polling the same job is fine; a second job for the same patron is not.
        #expect(try get(try rendition(gateway, video, profile: "video-h264-720p")).status == 202)
        let second = try get(try rendition(gateway, video, profile: "video-h264-480p"))
        #expect(second.status == 429, "\(second.body)")
        #expect(second.body.contains("quota_transcode_jobs"))
        #expect(Int(second.retryAfter ?? "") ?? 0 > 0)
        // Another patron still gets a place in the queue.
        #expect(try get(try rendition(gateway, video, profile: "video-h264-480p", subject: "q")).status == 202)
    }

    @Test func anOverloadIsA503AndNeverMarksTheMediaAsBad() throws {
        let (gateway, video) = try gateway(["GATEWAY_TRANSCODE_CONCURRENCY": "1", "GATEWAY_TRANSCODE_QUEUE_LIMIT": "0"])
        let first = try rendition(gateway, video, profile: "video-h264-720p")
        #expect(try get(first).status == 202)
        let busy = try get(try rendition(gateway, video, profile: "video-h264-480p", subject: "q"))
        #expect(busy.status == 503, "\(busy.body)")
        #expect(busy.body.contains("overloaded"))
        #expect(Int(busy.retryAfter ?? "") ?? 0 > 0)
        // Once the transcoder is free, the same rendition is made: the overload was not remembered as bad media.
        var answer = (status: 0, retryAfter: String?.none, body: "")
        for _ in 0..<240 {
            answer = try get(first)
            if answer.status != 202 { break }
            usleep(250_000)
        }
        #expect(answer.status == 200, "\(answer.body.prefix(300))")
        #expect(try get(try rendition(gateway, video, profile: "video-h264-480p", subject: "q")).status == 202)
    }

    @Test func aRenditionNobodyPollsForIsCancelled() throws {
        let (gateway, video) = try gateway(seconds: 240, ["GATEWAY_RENDITION_POLL_TIMEOUT_SECONDS": "2", "GATEWAY_TRANSCODE_CONCURRENCY": "1"])
        let url = try rendition(gateway, video, profile: "video-h264-720p")
        #expect(try get(url).status == 202)
        #expect(try gateway.metric("gateway_transcode_jobs") == 1)
        // The patron went away. Four minutes of video take far longer than this to transcode here.
        var jobs: Double? = 1
        for _ in 0..<40 {
            usleep(250_000)
            jobs = try gateway.metric("gateway_transcode_jobs")
            if jobs == 0 { break }
        }
        #expect(jobs == 0)
        usleep(500_000)
        #expect(gateway.transcodeWorkers().isEmpty)
        // Asking again starts it again.
        #expect(try get(url).status == 202)
    }
}
