import GatewaySupport
import Yams

/// Turns YAML nodes into ``TranscodeProfile`` values, collecting every problem with its position.
struct ProfileValidator {
    private(set) var profiles: [TranscodeProfile] = []
    private(set) var diagnostics: [String] = []
    private var seenNames: [String: String] = [:]  // name → "file:line:column"

    static let topKeys = ["profiles"]
    static let profileKeys = ["name", "description", "container", "video", "audio", "hls"]
    static let videoKeys = ["codec", "crf", "bitrate", "preset", "max_width", "max_height", "max_fps", "keyframe_interval"]
    static let audioKeys = ["codec", "bitrate", "channels", "sample_rate"]
    static let hlsKeys = ["segment_seconds"]
    static let presets = [
        "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow",
    ]

    private var file = ""

    mutating func validate(file: String, yaml: String) {
        self.file = file
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            diagnostics.append(Self.describe(error, file: file))
            return
        } catch {
            diagnostics.append("\(file):1:1: cannot parse YAML: \(error)")
            return
        }
        guard let root else { return }  // An empty file defines no profiles.
        guard let mapping = root.mapping else {
            report(root, "expected a mapping with a 'profiles' list at the top level")
            return
        }
        for (key, value) in mapping {
            guard let name = key.string, Self.topKeys.contains(name) else {
                unknownKey(key, allowed: Self.topKeys)
                continue
            }
            guard let list = value.sequence else {
                report(value, "'profiles' must be a list of profiles (each item starting with '- name:')")
                continue
            }
            for item in list { profile(item) }
        }
    }

    // MARK: Profiles

    private mutating func profile(_ node: Node) {
        guard let mapping = node.mapping else {
            report(node, "a profile must be a mapping with at least 'name' and 'container'")
            return
        }
        let errorsBefore = diagnostics.count
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, Self.profileKeys.contains(name) else {
                unknownKey(key, allowed: Self.profileKeys)
                continue
            }
            fields[name] = value
        }
        guard let nameNode = fields["name"] else {
            report(node, "profile without 'name'; add e.g. 'name: video-h264-480p'")
            return
        }
        guard let name = string(nameNode) else { return }
        let validName =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        if !validName {
            report(nameNode, "profile name '\(name)' may use only lower-case letters, digits and '-' (it appears in URLs)")
        }
        if let first = seenNames[name] {
            report(nameNode, "duplicate profile name '\(name)' (first defined at \(first)); rename one of them")
        } else {
            seenNames[name] = position(nameNode)
        }
        if let description = fields["description"] { _ = string(description) }
        guard let containerNode = fields["container"] else {
            report(nameNode, "profile '\(name)' has no 'container'; add one of \(Self.list(TranscodeProfile.Container.allCases))")
            return
        }
        let container = enumValue(containerNode, TranscodeProfile.Container.self, what: "container")
        var video: TranscodeProfile.Video? = nil
        if let node = fields["video"] { video = self.video(node) }
        var audio: TranscodeProfile.Audio? = nil
        if let node = fields["audio"] { audio = self.audio(node) }
        var hls: Int? = nil
        if let node = fields["hls"] { hls = self.hls(node) }
        guard let container else { return }
        if fields["video"] == nil && fields["audio"] == nil {
            report(nameNode, "profile '\(name)' has neither 'video' nor 'audio'; add at least one")
        }
        check(container: container, video: video, audio: audio, fields: fields, name: name)
        if hls != nil, let hlsNode = fields["hls"], let audio, audio.codec == TranscodeProfile.AudioCodec.opus {
            report(hlsNode, "HLS segments are MPEG-TS, which cannot carry Opus; remove 'hls' or use codec 'aac'")
        }
        guard diagnostics.count == errorsBefore else { return }
        if (fields["video"] != nil && video == nil) || (fields["audio"] != nil && audio == nil) { return }
        profiles.append(
            TranscodeProfile(name: name, container: container, video: video, audio: audio, hlsSegmentSeconds: hls))
    }

    private mutating func check(
        container: TranscodeProfile.Container, video: TranscodeProfile.Video?, audio: TranscodeProfile.Audio?,
        fields: [String: Node], name: String
    ) {
        let allowedAudio: [TranscodeProfile.AudioCodec]
        switch container {
        case .mp4: allowedAudio = [.aac, .mp3]
        case .m4a: allowedAudio = [.aac]
        case .mp3: allowedAudio = [.mp3]
        case .ogg, .webm: allowedAudio = [.opus]
        }
        if container != .mp4, let videoNode = fields["video"] {
            report(videoNode, "container '\(container.rawValue)' is audio-only here; remove 'video' or use container 'mp4'")
        }
        if let audio, !allowedAudio.contains(audio.codec), let audioNode = fields["audio"] {
            report(
                audioNode,
                "container '\(container.rawValue)' cannot carry \(audio.codec.rawValue) audio; use codec \(Self.list(allowedAudio))"
            )
        }
        _ = video
        _ = name
    }

    private mutating func video(_ node: Node) -> TranscodeProfile.Video? {
        guard let fields = section(node, keys: Self.videoKeys, what: "video") else { return nil }
        let before = diagnostics.count
        let codec = fields["codec"].flatMap { enumValue($0, TranscodeProfile.VideoCodec.self, what: "video codec") } ?? .h264
        var rateControl = TranscodeProfile.RateControl.crf(23)
        switch (fields["crf"], fields["bitrate"]) {
        case let (crfNode?, bitrateNode?):
            _ = crfNode
            report(bitrateNode, "give either 'crf' or 'bitrate' for video, not both")
        case let (crfNode?, nil):
            if let crf = integer(crfNode, in: 0...51, what: "crf") { rateControl = .crf(crf) }
        case let (nil, bitrateNode?):
            if let bitrate = bitrate(bitrateNode, in: 100_000...100_000_000) { rateControl = .bitrate(bitrate) }
        case (nil, nil):
            break
        }
        var preset = "veryfast"
        if let presetNode = fields["preset"], let value = string(presetNode) {
            if Self.presets.contains(value) {
                preset = value
            } else {
                report(presetNode, "unknown x264 preset '\(value)'\(Self.suggestion(value, Self.presets)); use one of \(Self.presets.joined(separator: ", "))")
            }
        }
        guard let widthNode = fields["max_width"], let heightNode = fields["max_height"] else {
            report(node, "video needs 'max_width' and 'max_height' (the output is scaled down to fit, never up)")
            return nil
        }
        let width = integer(widthNode, in: 16...8192, what: "max_width")
        let height = integer(heightNode, in: 16...8192, what: "max_height")
        let fps = fields["max_fps"].map { integer($0, in: 1...120, what: "max_fps") } ?? 30
        let keyframe = fields["keyframe_interval"].map { number($0, in: 0.5...10, what: "keyframe_interval") } ?? 2
        guard diagnostics.count == before, let width, let height, let fps, let keyframe else { return nil }
        return TranscodeProfile.Video(
            codec: codec, rateControl: rateControl, preset: preset, maxWidth: width, maxHeight: height,
            maxFrameRate: fps, keyframeIntervalSeconds: keyframe)
    }

    private mutating func audio(_ node: Node) -> TranscodeProfile.Audio? {
        guard let fields = section(node, keys: Self.audioKeys, what: "audio") else { return nil }
        let before = diagnostics.count
        guard let codecNode = fields["codec"] else {
            report(node, "audio needs 'codec' (one of \(Self.list(TranscodeProfile.AudioCodec.allCases)))")
            return nil
        }
        guard let codec = enumValue(codecNode, TranscodeProfile.AudioCodec.self, what: "audio codec") else { return nil }
        guard let bitrateNode = fields["bitrate"] else {
            report(node, "audio needs 'bitrate', e.g. 'bitrate: 128k'")
            return nil
        }
        let bitrate = bitrate(bitrateNode, in: 6_000...512_000)
        let channels = fields["channels"].map { integer($0, in: 1...codec.maxChannels, what: "channels") } ?? 2
        var sampleRate: Int? = 48000
        if let rateNode = fields["sample_rate"], let rate = integer(rateNode, in: 8000...96000, what: "sample_rate") {
            if codec.sampleRates.contains(rate) {
                sampleRate = rate
            } else {
                sampleRate = nil
                let choices = codec.sampleRates.map(String.init).joined(separator: ", ")
                report(rateNode, "\(codec.rawValue) cannot encode at \(rate) Hz; use one of \(choices)")
            }
        }
        guard diagnostics.count == before, let bitrate, let channels, let sampleRate else { return nil }
        return TranscodeProfile.Audio(codec: codec, bitrate: bitrate, channels: channels, sampleRate: sampleRate)
    }

    private mutating func hls(_ node: Node) -> Int? {
        guard let fields = section(node, keys: Self.hlsKeys, what: "hls") else { return nil }
        guard let secondsNode = fields["segment_seconds"] else {
            report(node, "hls needs 'segment_seconds', e.g. 'segment_seconds: 4'")
            return nil
        }
        return integer(secondsNode, in: 1...30, what: "segment_seconds")
    }

    // MARK: Scalars

    private mutating func section(_ node: Node, keys: [String], what: String) -> [String: Node]? {
        guard let mapping = node.mapping else {
            report(node, "'\(what)' must be a mapping of \(keys.joined(separator: ", "))")
            return nil
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, keys.contains(name) else {
                unknownKey(key, allowed: keys, section: what)
                continue
            }
            fields[name] = value
        }
        return fields
    }

    private mutating func string(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else {
            report(node, "expected a single value, not a list or mapping")
            return nil
        }
        return scalar.string
    }

    private mutating func integer(_ node: Node, in range: ClosedRange<Int>, what: String) -> Int? {
        guard let text = string(node) else { return nil }
        guard let value = Int(text) else {
            report(node, "'\(what)' must be a whole number, got '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            report(node, "'\(what)' must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
            return nil
        }
        return value
    }

    private mutating func number(_ node: Node, in range: ClosedRange<Double>, what: String) -> Double? {
        guard let text = string(node) else { return nil }
        guard let value = Double(text), value.isFinite else {
            report(node, "'\(what)' must be a number of seconds, got '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            report(node, "'\(what)' must be between \(range.lowerBound) and \(range.upperBound), got \(text)")
            return nil
        }
        return value
    }

    /// Bits per second from `128000`, `128k` or `1.5M`.
    private mutating func bitrate(_ node: Node, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node) else { return nil }
        guard let value = Self.parseBitrate(text) else {
            report(node, "bitrate must look like 128k, 2M or 128000, got '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            report(node, "bitrate \(text) is outside \(range.lowerBound / 1000)k…\(range.upperBound / 1000)k")
            return nil
        }
        return value
    }

    static func parseBitrate(_ text: String) -> Int? {
        let lower = text.lowercased()
        var multiplier = 1.0
        var digits = Substring(lower)
        if lower.hasSuffix("k") {
            multiplier = 1000
            digits = lower.dropLast()
        } else if lower.hasSuffix("m") {
            multiplier = 1_000_000
            digits = lower.dropLast()
        }
        guard let number = Double(digits), number.isFinite, number > 0 else { return nil }
        return Int((number * multiplier).rounded())
    }

    private mutating func enumValue<Value: RawRepresentable & CaseIterable>(
        _ node: Node, _ type: Value.Type, what: String
    ) -> Value? where Value.RawValue == String {
        guard let text = string(node) else { return nil }
        if let value = Value(rawValue: text) { return value }
        let choices = Value.allCases.map(\.rawValue)
        report(node, "unknown \(what) '\(text)'\(Self.suggestion(text, choices)); use one of \(choices.joined(separator: ", "))")
        return nil
    }

    // MARK: Reporting

    private mutating func unknownKey(_ key: Node, allowed: [String], section: String? = nil) {
        let name = key.string ?? "?"
        let place = section.map { " in '\($0)'" } ?? ""
        report(key, "unknown key '\(name)'\(place)\(Self.suggestion(name, allowed)); allowed: \(allowed.joined(separator: ", "))")
    }

    private func position(_ node: Node) -> String {
        let mark = node.mark
        return "\(file):\(mark?.line ?? 1):\(mark?.column ?? 1)"
    }

    private mutating func report(_ node: Node, _ message: String) {
        diagnostics.append("\(position(node)): \(message)")
    }

    static func list<Value: RawRepresentable>(_ values: [Value]) -> String where Value.RawValue == String {
        values.map { "'\($0.rawValue)'" }.joined(separator: " or ")
    }

    /// ` (did you mean 'x'?)` when a candidate is within a small edit distance of `word`.
    static func suggestion(_ word: String, _ candidates: [String]) -> String {
        let scored = candidates.map { ($0, NameSuggestion.editDistance(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, best.count / 3) else { return "" }
        return " (did you mean '\(best)'?)"
    }

    static func describe(_ error: YamlError, file: String) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "\(file):\(mark.line):\(mark.column): invalid YAML: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "\(file):\(context.mark.line):\(context.mark.column): duplicate key(s) \(duplicates.joined(separator: ", ")); keep one"
        default:
            return "\(file):1:1: invalid YAML: \(error)"
        }
    }
}
