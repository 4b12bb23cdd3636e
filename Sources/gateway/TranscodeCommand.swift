import ArgumentParser
import AssetStore
import Foundation
import GatewayServer
import LRUCache
import Transcoding

struct TranscodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcode",
        abstract: "Make a rendition of an audio or video asset now (progress bar on a terminal); prints its cache path.",
        discussion: "The rendition is stored in the cache's disk tier, where the server finds it (also after a restart).")

    @OptionGroup var options: GlobalOptions
    @Argument(help: "Asset id.") var id: String
    @Option(help: "Transcode profile, e.g. video-h264-720p (see Transcode/profiles.yaml).") var profile: String

    func run() async throws {
        guard AssetID.isWellFormed(id) else { throw CommandFailure("'\(id)' is not an asset id") }
        let services = try await options.openServices()
        guard let asset = try await services.catalog.asset(id: id) else { throw CommandFailure("no asset with id '\(id)'") }
        guard let chosen = services.media.profiles[profile] else {
            throw CommandFailure("unknown profile '\(profile)'; known: \(services.media.profiles.names.joined(separator: ", "))")
        }
        guard asset.mediaKind.isTimeBased, let source = services.blobs.localPath(for: asset.sha256) else {
            throw CommandFailure("asset '\(id)' is \(asset.mediaKind.rawValue), not audio or video")
        }
        let showProgress = isatty(STDERR_FILENO) == 1
        let key = MediaServices.renditionKey(digest: asset.sha256.hex, profile: chosen.name)
        do {
            let info = try await services.media.probe(path: source, digest: asset.sha256.hex)
            let media = services.media
            let entry = try await media.produce(key: key, fileExtension: chosen.container.fileExtension) { work, job in
                try media.workers.rendition(
                    source: source, durationSeconds: info.durationSeconds, profile: chosen.name,
                    profilesDirectory: media.profilesDirectory, destination: work,
                    progress: { fraction in
                        job.report(fraction: fraction)
                        if showProgress { ProgressBar.draw(label: chosen.name, done: Int64(fraction * 1000), total: 1000) }
                    }, isCancelled: { job.isCancelled })
            }
            if showProgress { ProgressBar.clear() }
            print(entry.path)
        } catch let error as TranscodeError {
            if showProgress { ProgressBar.clear() }
            throw CommandFailure("\(asset.id): \(error.message)")
        }
        services.media.queue.shutdown()
    }
}
