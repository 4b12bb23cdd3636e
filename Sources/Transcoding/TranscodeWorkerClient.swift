import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The server side of transcoding in worker processes: starts the gateway's own binary as a transcode worker for one
/// job, sends it the ``TranscodeWorkerRequest``, relays its progress, and turns how it ended into a result.
///
/// A worker that crashes (a decoder bug, a trap, memory beyond its limit) or runs past its CPU-time limit ends with
/// a signal: that is the file's doing, so it is reported as ``TranscodeError/Code/invalidMedia`` (422) and the
/// server, which only read a pipe, carries on. Cancelling a job kills its worker.
///
/// Calls block while the worker runs: call them on a transcode thread (``TranscodeQueue``) or a thread pool.
public struct TranscodeWorkerClient: Sendable {
    /// The program to start (`/proc/self/exe`: the running gateway's own binary, even if it was replaced on disk).
    public var executable: String
    /// Its arguments before the limits (`["transcode-worker"]`).
    public var arguments: [String]
    /// Address-space limit of each worker.
    public var memoryBytes: Int64
    /// The most CPU seconds any job may use; a job's own allowance is usually smaller (see ``cpuSeconds(forMedia:)``).
    public var cpuSecondsLimit: Int

    public init(executable: String = "/proc/self/exe", arguments: [String] = ["transcode-worker"], memoryBytes: Int64, cpuSecondsLimit: Int) {
        self.executable = executable
        self.arguments = arguments
        self.memoryBytes = memoryBytes
        self.cpuSecondsLimit = cpuSecondsLimit
    }

    /// CPU seconds allowed for transcoding `seconds` of media: a minute plus four times the media's length (an H.264
    /// encode here runs several times faster than real time on one core), never above ``cpuSecondsLimit``.
    public func cpuSeconds(forMedia seconds: Double) -> Int {
        let wanted = 60 + 4 * max(0, seconds.isFinite ? seconds : 0)
        return Int(min(Double(cpuSecondsLimit), wanted.rounded(.up)))
    }

    /// Probes `path` in a worker: container, streams and the duration checked against the packets.
    public func probe(path: String, maxDurationSeconds: Double) throws(TranscodeError) -> MediaInfo {
        let answer = try run(
            TranscodeWorkerRequest(kind: .probe, source: path, maxDurationSeconds: maxDurationSeconds),
            cpuSeconds: min(cpuSecondsLimit, 60), progress: { _ in }, isCancelled: { false })
        guard let info = answer.probe else { throw TranscodeError(.internalError, "the transcode worker answered a probe without its result") }
        return info
    }

    /// Makes a rendition of `source` with the profile `profile` (loaded from `profilesDirectory`) into `destination`.
    public func rendition(
        source: String, durationSeconds: Double, profile: String, profilesDirectory: String, destination: String,
        progress: @escaping (Double) -> Void, isCancelled: @escaping () -> Bool
    ) throws(TranscodeError) {
        _ = try run(
            TranscodeWorkerRequest(
                kind: .rendition, source: source, destination: destination, profile: profile, profilesDirectory: profilesDirectory),
            cpuSeconds: cpuSeconds(forMedia: durationSeconds), progress: progress, isCancelled: isCancelled)
    }

    /// Makes HLS segment `index` of `source` into `destination`.
    public func segment(
        source: String, profile: String, profilesDirectory: String, index: Int, segmentSeconds: Int, destination: String,
        isCancelled: @escaping () -> Bool
    ) throws(TranscodeError) {
        _ = try run(
            TranscodeWorkerRequest(
                kind: .segment, source: source, destination: destination, profile: profile, profilesDirectory: profilesDirectory,
                segmentIndex: index, segmentSeconds: segmentSeconds),
            // Seeking to the segment decodes from the keyframe before it: allow a little more than its length.
            cpuSeconds: cpuSeconds(forMedia: Double(segmentSeconds) * 2), progress: { _ in }, isCancelled: isCancelled)
    }

    /// Runs one request in a new worker and returns its final message.
    public func run(
        _ request: TranscodeWorkerRequest, cpuSeconds: Int, progress: (Double) -> Void, isCancelled: () -> Bool
    ) throws(TranscodeError) -> TranscodeWorkerMessage {
        guard var line = try? JSONEncoder().encode(request) else { throw TranscodeError(.internalError, "cannot encode a worker request") }
        line.append(0x0a)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + [
            "--memory-bytes", String(memoryBytes), "--cpu-seconds", String(max(1, cpuSeconds)),
            "--parent", String(getpid()),
        ]
        var environment = ProcessInfo.processInfo.environment
        // Few malloc arenas (each reserves address space against the limit) and no slow backtrace on a crash.
        environment["MALLOC_ARENA_MAX"] = "2"
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            throw TranscodeError(.internalError, "cannot start a transcode worker (\(executable)): \(error)")
        }
        // The request is small: the pipe takes it whole, then end of input.
        input.fileHandleForWriting.write(line)
        try? input.fileHandleForWriting.close()
        let reader = output.fileHandleForReading
        defer { try? reader.close() }
        var outcome: TranscodeWorkerMessage?
        var killed = false
        var pending = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        reading: while true {
            if !killed, isCancelled() {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
            var descriptor = pollfd(fd: reader.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { continue }
            let count = chunk.withUnsafeMutableBytes { read(reader.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break reading }
            pending.append(contentsOf: chunk[0..<count])
            while let newline = pending.firstIndex(of: 0x0a) {
                let message = try? JSONDecoder().decode(TranscodeWorkerMessage.self, from: Data(pending[..<newline]))
                pending.removeSubrange(...newline)
                guard let message else { continue }
                if let fraction = message.progress, message.done == nil, message.probe == nil, message.failure == nil {
                    progress(min(1, max(0, fraction)))
                } else {
                    outcome = message
                }
            }
            if pending.count > 1 << 20 {
                // No message is this long: the worker is not speaking the protocol.
                kill(process.processIdentifier, SIGKILL)
                break reading
            }
        }
        process.waitUntilExit()
        if killed { throw TranscodeError.cancelled }
        if let failure = outcome?.failure {
            // Messages reach patrons: the store's paths are not theirs to see.
            let message = failure.message.replacingOccurrences(of: request.source, with: "the file")
            throw TranscodeError(TranscodeError.Code(name: failure.code) ?? .internalError, message)
        }
        if let outcome, process.terminationReason == .exit { return outcome }
        throw Self.failure(of: process, source: request.source, cpuSeconds: cpuSeconds)
    }

    /// Why a worker ended without an answer, as the error the client gets.
    static func failure(of process: Process, source: String, cpuSeconds: Int) -> TranscodeError {
        let status = process.terminationStatus
        guard process.terminationReason == .uncaughtSignal else {
            return TranscodeError(.internalError, "a transcode worker exited with status \(status) without an answer")
        }
        switch status {
        case SIGXCPU, SIGKILL:
            return TranscodeError(
                .invalidMedia,
                "transcoding this file needed more than the \(cpuSeconds) s of processor time allowed (or more "
                    + "memory than allowed); it cannot be transcoded")
        default:
            return TranscodeError(
                .invalidMedia,
                "the transcoder crashed on this file (signal \(status)); it cannot be transcoded. The gateway "
                    + "was not affected.")
        }
    }
}
