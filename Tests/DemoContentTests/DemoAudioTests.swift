import DemoContent
import Foundation
import Testing

@Suite("DemoAudio")
struct DemoAudioTests {
    @Test("ffprobe reads the WAV", arguments: [(3, 44100), (2, 8000), (1, 48000)])
    func ffprobe(_ seconds: Int, _ sampleRate: Int) throws {
        let directory = try ToolRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tone.wav").path
        try DemoAudio.writeWAV(to: path, seconds: seconds, sampleRate: sampleRate)

        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == 44 + seconds * sampleRate * 2)

        let probe = try ToolRunner.run(
            "ffprobe",
            [
                "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels,duration",
                "-of", "default=noprint_wrappers=1", path,
            ])
        #expect(probe.status == 0)
        #expect(probe.stderr.isEmpty, "ffprobe complained: \(probe.stderr)")
        #expect(probe.stdout.contains("codec_name=pcm_s16le"))
        #expect(probe.stdout.contains("sample_rate=\(sampleRate)"))
        #expect(probe.stdout.contains("channels=1"))
        let duration = probe.stdout.split(separator: "\n").first { $0.hasPrefix("duration=") }
        #expect(duration == "duration=\(seconds).000000")
    }

    @Test func longerThanOneChunkAndNotSilent() throws {
        let directory = try ToolRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tone.wav").path
        try DemoAudio.writeWAV(to: path, seconds: 10)
        // Read a slice from the middle only (the file is never loaded whole, here or in the writer).
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: 44 + 5 * 44100 * 2)
        let slice = try #require(try handle.read(upToCount: 44100))
        let samples = stride(from: 0, to: slice.count - 1, by: 2).map {
            Int16(bitPattern: UInt16(slice[slice.startIndex + $0]) | UInt16(slice[slice.startIndex + $0 + 1]) << 8)
        }
        let peak = samples.map { abs(Int($0)) }.max() ?? 0
        #expect(peak > 2000)
        #expect(peak <= Int(Int16.max))
    }

    @Test func rejectsInvalidDurations() {
        for (seconds, rate) in [(0, 44100), (-1, 44100), (1, 100), (100_000, 44100)] {
            #expect(throws: DemoContentError.self) {
                try DemoAudio.writeWAV(to: "/tmp/never-written.wav", seconds: seconds, sampleRate: rate)
            }
        }
    }

    @Test func unwritablePathExplainsWhatToDo() {
        do {
            try DemoAudio.writeWAV(to: "/nonexistent-dir/x/tone.wav", seconds: 1)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("check that the directory exists"))
        }
    }
}
