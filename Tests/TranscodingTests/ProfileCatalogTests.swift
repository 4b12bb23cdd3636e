import Foundation
import Testing
import Transcoding

@Suite("Profile catalog")
struct ProfileCatalogTests {
    @Test("the shipped profiles.yaml loads with the required profiles")
    func shippedProfiles() throws {
        let catalog = try ProfileCatalog.load(directory: ShippedProfiles.directory)
        for name in ["audio-aac-96k", "audio-mp3-128k", "audio-opus-64k", "video-h264-480p", "video-h264-720p"] {
            #expect(catalog[name] != nil, "missing \(name)")
        }
        let hd = try #require(catalog["video-h264-720p"])
        #expect(hd.container == .mp4)
        #expect(hd.video?.rateControl == .crf(23))
        #expect(hd.video?.preset == "veryfast")
        #expect(hd.video?.maxHeight == 720)
        #expect(hd.audio?.codec == .aac)
        #expect(hd.audio?.bitrate == 128_000)
        #expect(catalog["audio-opus-64k"]?.container == .ogg)
        #expect(catalog["audio-mp3-128k"]?.audio?.codec == .mp3)
        #expect(catalog["no-such-profile"] == nil)
    }

    static let invalid: [(yaml: String, expected: String)] = [
        (
            "profiles:\n  - name: a\n    container: mp4\n    vidoe:\n      max_width: 10\n",
            "p.yaml:4:5: unknown key 'vidoe' (did you mean 'video'?)"
        ),
        (
            "profiles:\n  - name: a\n    container: m4a\n    audio:\n      codec: acc\n      bitrate: 96k\n",
            "p.yaml:5:14: unknown audio codec 'acc' (did you mean 'aac'?)"
        ),
        (
            "profiles:\n  - name: a\n    container: mkv\n    audio: {codec: aac, bitrate: 96k}\n",
            "p.yaml:3:16: unknown container 'mkv'"
        ),
        (
            "profiles:\n  - name: a\n    container: m4a\n    audio: {codec: aac, bitrate: 96k, channels: two}\n",
            "p.yaml:4:49: 'channels' must be a whole number, got 'two'"
        ),
        (
            "profiles:\n  - name: a\n    container: m4a\n    audio: {codec: aac, bitrate: 96k}\n  - name: a\n    container: m4a\n    audio: {codec: aac, bitrate: 96k}\n",
            "p.yaml:5:11: duplicate profile name 'a' (first defined at p.yaml:2:11)"
        ),
        (
            "profiles:\n  - name: a\n    container: m4a\n    audio: {codec: mp3, bitrate: 96k}\n",
            "p.yaml:4:12: container 'm4a' cannot carry mp3 audio"
        ),
        (
            "profiles:\n  - name: a\n    container: ogg\n    audio: {codec: opus, bitrate: 64k, sample_rate: 44100}\n",
            "opus cannot encode at 44100 Hz"
        ),
        (
            "profiles:\n  - name: a\n    container: ogg\n    audio: {codec: opus, bitrate: 64k}\n    hls: {segment_seconds: 4}\n",
            "p.yaml:5:10: HLS segments are MPEG-TS, which cannot carry Opus"
        ),
        (
            "profiles:\n  - name: a\n    container: mp4\n    video: {codec: h264, crf: 99, max_width: 640, max_height: 360}\n",
            "'crf' must be between 0 and 51, got 99"
        ),
        (
            "profiles:\n  - name: a\n    container: mp4\n    video: {codec: h265, max_width: 640, max_height: 360}\n",
            "p.yaml:4:20: unknown video codec 'h265' (did you mean 'h264'?)"
        ),
        (
            "profiles:\n  - name: a\n    container: mp4\n    video: {codec: h264, preset: veryfsat, max_width: 640, max_height: 360}\n",
            "unknown x264 preset 'veryfsat' (did you mean 'veryfast'?)"
        ),
        ("profiles: [\n", "p.yaml:2:1: invalid YAML"),
        ("profile:\n  - name: a\n", "p.yaml:1:1: unknown key 'profile' (did you mean 'profiles'?)"),
        (
            "profiles:\n  - name: Big Profile\n    container: m4a\n    audio: {codec: aac, bitrate: 96k}\n",
            "p.yaml:2:11: profile name 'Big Profile' may use only lower-case letters"
        ),
    ]

    @Test("invalid profiles are reported as file:line:column with a suggestion", arguments: invalid)
    func invalidProfiles(yaml: String, expected: String) {
        do {
            let catalog = try ProfileCatalog.parse(sources: [("p.yaml", yaml)])
            Issue.record("accepted invalid YAML, got \(catalog.names)")
        } catch let error as ProfileCatalogError {
            #expect(error.diagnostics.contains { $0.contains(expected) }, "\(error.diagnostics)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("bitrates parse from k/M suffixes and a valid profile round-trips")
    func validProfile() throws {
        let yaml = """
            profiles:
              - name: video-small
                container: mp4
                video: {codec: h264, bitrate: 1.5M, max_width: 640, max_height: 360, max_fps: 25, keyframe_interval: 1}
                audio: {codec: aac, bitrate: 64k, channels: 1, sample_rate: 44100}
                hls: {segment_seconds: 6}
            """
        let catalog = try ProfileCatalog.parse(sources: [("p.yaml", yaml)])
        let profile = try #require(catalog["video-small"])
        #expect(profile.video?.rateControl == .bitrate(1_500_000))
        #expect(profile.video?.maxFrameRate == 25)
        #expect(profile.video?.keyframeIntervalSeconds == 1)
        #expect(profile.audio == TranscodeProfile.Audio(codec: .aac, bitrate: 64_000, channels: 1, sampleRate: 44100))
        #expect(profile.hlsSegmentSeconds == 6)
    }
}
