import Foundation

/// Runs the `ffmpeg` / `ffprobe` programs for fixtures and checks (tests only; Sources never spawn programs).
enum MediaTool {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let out = Pipe()
        // stderr goes to a file so a chatty program can never block on a full pipe while we read stdout.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("mediatool-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        defer { try? FileManager.default.removeItem(at: errURL) }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Makes a fixture with the `ffmpeg` program; fails the test if ffmpeg fails.
    static func ffmpeg(_ arguments: [String]) throws {
        let result = try run("ffmpeg", ["-hide_banner", "-v", "error", "-y"] + arguments)
        if result.status != 0 { throw FixtureError(message: "ffmpeg \(arguments) failed: \(result.stderr)") }
    }

    /// `ffprobe -show_format -show_streams` as JSON.
    static func probe(_ path: String) throws -> Probe {
        let result = try run(
            "ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path])
        if result.status != 0 { throw FixtureError(message: "ffprobe \(path) failed: \(result.stderr)") }
        return try JSONDecoder().decode(Probe.self, from: Data(result.stdout.utf8))
    }

    /// Presentation times (s) of video keyframes, from packet flags.
    static func keyframeTimes(_ path: String) throws -> [Double] {
        try packets(path, stream: "v").filter { $0.flags.contains("K") }.map(\.pts).sorted()
    }

    /// Packets of the first video (`v`) or audio (`a`) stream: pts (s), duration (s), flags.
    static func packets(_ path: String, stream: String) throws -> [(pts: Double, duration: Double, flags: String)] {
        let result = try run(
            "ffprobe",
            ["-v", "error", "-select_streams", "\(stream):0", "-show_entries", "packet=pts_time,duration_time,flags",
             "-of", "csv=p=0:nk=1", path])
        return result.stdout.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, let pts = Double(fields[0]) else { return nil }
            return (pts, Double(fields[1]) ?? 0, fields[2])
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// The parts of ffprobe's JSON the tests look at.
struct Probe: Decodable {
    struct Stream: Decodable {
        var codec_type: String
        var codec_name: String?
        var width: Int?
        var height: Int?
        var channels: Int?
        var sample_rate: String?
        var r_frame_rate: String?
        var avg_frame_rate: String?
        var start_time: String?
        var duration: String?
    }
    struct Format: Decodable {
        var format_name: String
        var duration: String?
        var start_time: String?
    }
    var streams: [Stream]
    var format: Format

    var video: Stream? { streams.first { $0.codec_type == "video" } }
    var audio: Stream? { streams.first { $0.codec_type == "audio" } }
    var duration: Double { Double(format.duration ?? "") ?? 0 }
}

