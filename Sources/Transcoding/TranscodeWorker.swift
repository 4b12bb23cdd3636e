import CFFmpeg
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The worker side of transcoding in separate processes: the gateway's own binary, started as
/// `gateway transcode-worker`, runs one ``TranscodeWorkerRequest`` with the libav pipeline and reports on its
/// standard output. A crash, a trap or a runaway allocation in libav on a hostile file ends this process and that job
/// only; the server goes on serving.
public enum TranscodeWorker {
    /// Limits applied to the worker process before it reads any media.
    public struct Limits: Sendable, Equatable {
        /// Address space (`RLIMIT_AS`), bytes.
        public var memoryBytes: Int64
        /// CPU time (`RLIMIT_CPU`), seconds: beyond it the kernel stops the process (`SIGXCPU`, then `SIGKILL`).
        public var cpuSeconds: Int

        public init(memoryBytes: Int64, cpuSeconds: Int) {
            self.memoryBytes = memoryBytes
            self.cpuSeconds = cpuSeconds
        }
    }

    /// Runs the worker: applies `limits`, reads one request line from standard input, does it, writes messages to
    /// standard output and returns the process's exit status (0 also for a job that failed with a reported error).
    /// `parent` is the server's process id: if it is gone already, or goes, the worker stops.
    public static func main(limits: Limits, parent: Int32?) -> Int32 {
        // Die with the server (a worker nobody reads from is wasted work), and never dump a core of hostile input.
        _ = cffmpeg_die_with_parent()
        if let parent, getppid() != parent { return 3 }
        apply(limits)
        let output = FileHandle.standardOutput
        guard let line = readLine(strippingNewline: true),
            let request = try? JSONDecoder().decode(TranscodeWorkerRequest.self, from: Data(line.utf8))
        else {
            write(TranscodeWorkerMessage(failure: .init(code: TranscodeError.Code.internalError.name, message: "unreadable worker request")), to: output)
            return 2
        }
        do {
            let message = try run(request) { fraction in write(TranscodeWorkerMessage(progress: fraction), to: output) }
            write(message, to: output)
        } catch {
            write(TranscodeWorkerMessage(failure: .init(code: error.code.name, message: error.message)), to: output)
        }
        return 0
    }

    /// Does `request` in this process (the worker's body; tests call it directly).
    public static func run(_ request: TranscodeWorkerRequest, progress: @escaping (Double) -> Void) throws(TranscodeError)
        -> TranscodeWorkerMessage
    {
        switch request.kind {
        case .probe:
            let info = try MediaProbe.probe(path: request.source, maxDurationSeconds: request.maxDurationSeconds ?? .infinity)
            return TranscodeWorkerMessage(probe: info)
        case .rendition:
            let (profile, destination) = try job(request)
            var reported = -1.0
            try RenditionMaker.make(
                source: request.source, profile: profile, destinationPath: destination,
                progress: { fraction in
                    // At most one line per percent.
                    guard fraction - reported >= 0.01 || fraction >= 1 else { return }
                    reported = fraction
                    progress(fraction)
                })
            return TranscodeWorkerMessage(done: true)
        case .segment:
            let (profile, destination) = try job(request)
            guard let index = request.segmentIndex, index >= 0, let seconds = request.segmentSeconds, seconds > 0 else {
                throw TranscodeError(.internalError, "a segment request needs segmentIndex and segmentSeconds")
            }
            try SegmentMaker.make(
                source: request.source, profile: profile, index: index, segmentSeconds: seconds, destinationPath: destination)
            return TranscodeWorkerMessage(done: true)
        }
    }

    private static func job(_ request: TranscodeWorkerRequest) throws(TranscodeError) -> (TranscodeProfile, String) {
        guard let name = request.profile, let directory = request.profilesDirectory, let destination = request.destination else {
            throw TranscodeError(.internalError, "a transcode request needs profile, profilesDirectory and destination")
        }
        let catalog: ProfileCatalog
        do {
            catalog = try ProfileCatalog.load(directory: URL(fileURLWithPath: directory))
        } catch {
            throw TranscodeError(.internalError, "the worker cannot load the transcode profiles of \(directory): \(error)")
        }
        guard let profile = catalog[name] else {
            throw TranscodeError(.internalError, "the worker finds no profile '\(name)' in \(directory)")
        }
        return (profile, destination)
    }

    private static func apply(_ limits: Limits) {
        var memory = rlimit(rlim_cur: rlim_t(limits.memoryBytes), rlim_max: rlim_t(limits.memoryBytes))
        _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &memory)
        // SIGXCPU at the soft limit, SIGKILL at the hard one a little later.
        var cpu = rlimit(rlim_cur: rlim_t(limits.cpuSeconds), rlim_max: rlim_t(limits.cpuSeconds + 5))
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &cpu)
        var core = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &core)
    }

    private static func write(_ message: TranscodeWorkerMessage, to output: FileHandle) {
        guard var data = try? JSONEncoder().encode(message) else { return }
        data.append(0x0a)
        output.write(data)
    }
}
