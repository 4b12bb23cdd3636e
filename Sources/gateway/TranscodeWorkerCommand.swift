import ArgumentParser
import Foundation
import Transcoding

/// `gateway transcode-worker`: one transcode job in a process of its own, started by the server (not by people).
struct TranscodeWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcode-worker",
        abstract: "Run one transcode job sent on standard input (started by gateway serve; not for direct use).",
        shouldDisplay: false)

    @Option(help: "Address-space limit in bytes.") var memoryBytes: Int64
    @Option(help: "CPU-time limit in seconds.") var cpuSeconds: Int
    @Option(help: "The server's process id; the worker stops with it.") var parent: Int32?

    func run() throws {
        let status = TranscodeWorker.main(limits: .init(memoryBytes: memoryBytes, cpuSeconds: cpuSeconds), parent: parent)
        if status != 0 { throw ExitCode(status) }
    }
}
