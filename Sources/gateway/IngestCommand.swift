import ArgumentParser
import AssetStore
import Foundation
import GatewayServer

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Add files to the store; prints each new asset id, one per line.",
        discussion: """
            Each file is copied into the content-addressed blob store while it is hashed (never read whole into \
            memory), synced, and only then entered in the catalog, so an interrupted ingest leaves nothing \
            half-made. Identical content is stored once. A progress bar is shown on a terminal.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Files to ingest.")
    var files: [String]

    @Option(help: "Collection, e.g. gov-info, local-docs, local-people, regional-culture.")
    var collection: String

    @Option(help: "Owning member library, e.g. harbin.")
    var owner: String

    @Option(help: "Rights: open, in-copyright or restricted.")
    var rights: String

    @Option(help: "Title (default: the file name without extension). Only with a single file.")
    var title: String?

    @Option(help: "Embargoed until this date (YYYY-MM-DD).")
    var embargoUntil: String?

    func run() async throws {
        guard let rights = Rights(rawValue: rights) else {
            throw CommandFailure("unknown rights '\(self.rights)': use open, in-copyright or restricted")
        }
        guard title == nil || files.count == 1 else { throw CommandFailure("--title needs exactly one file") }
        var embargo: Date?
        if let embargoUntil {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            guard let date = formatter.date(from: embargoUntil) else {
                throw CommandFailure("--embargo-until must be a date like 2030-01-31, not '\(embargoUntil)'")
            }
            embargo = date
        }
        let services = try await options.openServices()
        let ingestor = AssetIngestor(catalog: services.catalog, blobs: services.blobs)
        let showProgress = isatty(STDERR_FILENO) == 1
        for file in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0
            let name = URL(fileURLWithPath: file).lastPathComponent
            do {
                let asset = try await ingestor.ingest(
                    fileAt: file,
                    metadata: .init(title: title, collection: collection, ownerLibrary: owner, rights: rights, embargoUntil: embargo),
                    progress: { copied in
                        if showProgress, size > 0 { ProgressBar.draw(label: name, done: copied, total: size) }
                    })
                if showProgress { ProgressBar.clear() }
                print(asset.id)
            } catch let error as AssetStoreError {
                if showProgress { ProgressBar.clear() }
                throw CommandFailure(error.description)
            }
        }
    }
}

/// A one-line progress bar on standard error.
enum ProgressBar {
    static func draw(label: String, done: Int64, total: Int64) {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        StandardError.write("\r[\(bar)] \(Int(fraction * 100))% \(label.prefix(40))")
    }

    static func clear() {
        StandardError.write("\r\u{1b}[2K")
    }
}
