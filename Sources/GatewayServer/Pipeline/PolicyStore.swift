public import Access
public import Foundation
public import Logging
import Synchronization
import Crypto
import AssetStore

/// The policy set in force. A reload that finds errors keeps the last good set and reports every error; a reload
/// happens when a policy file changes (polled once a second), on SIGHUP, or when asked.
public final class PolicyStore: Sendable {
    public let directory: String
    let logger: Logger
    struct State {
        var engine: PolicyEngine
        var fingerprint: String
        /// SHA-256 over the names and contents of the policy files of the set in force.
        var digest: String
        var lastErrors: [String] = []
        var reloads = 0
        var failedReloads = 0
        /// When the set in force was loaded.
        var loadedAt = Date()
        /// When a reload last found errors.
        var refusedAt: Date?
    }
    let state: Mutex<State>

    /// Loads `directory`; a broken set at start is an error (there is no last good set to keep).
    public init(directory: String, logger: Logger) throws(PolicyLoadError) {
        self.directory = directory
        self.logger = logger
        let set = try PolicySet.load(directory: directory)
        for warning in set.warnings { logger.warning("policy: \(warning)") }
        if set.rules.isEmpty { logger.warning("policy: no rules in \(directory): every request will be denied") }
        state = Mutex(State(engine: PolicyEngine(set), fingerprint: Self.fingerprint(directory), digest: Self.digest(directory)))
    }

    /// The engine in force.
    public var engine: PolicyEngine { state.withLock { $0.engine } }

    /// The digest of the policy set in force (the same files give the same digest on every node).
    public var digest: String { state.withLock { $0.digest } }

    /// SHA-256 over the sorted names and contents of the directory's YAML files.
    static func digest(_ directory: String) -> String {
        var hasher = SHA256()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        for name in names {
            hasher.update(data: Data(name.utf8 + [0]))
            hasher.update(data: (try? Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))) ?? Data())
            hasher.update(data: Data([0]))
        }
        return ContentDigest(hasher.finalize()).hex
    }

    /// What the console's access page shows: when the set in force was loaded, and the errors (`file:line:column`)
    /// of the last reload that found any and when (empty once a later reload succeeds).
    public var status: (loadedAt: Date, lastErrors: [String], refusedAt: Date?) {
        state.withLock { ($0.loadedAt, $0.lastErrors, $0.refusedAt) }
    }

    /// Reloads that took effect and reloads kept back by errors, since start.
    public var reloadCounts: (succeeded: Int, failed: Int) { state.withLock { ($0.reloads, $0.failedReloads) } }

    /// Reloads the directory. On errors the current set stays in force and the errors are returned (and logged).
    @discardableResult
    public func reload() -> [String] {
        let fingerprint = Self.fingerprint(directory)
        do {
            let set = try PolicySet.load(directory: directory)
            state.withLock {
                $0.engine = PolicyEngine(set)
                $0.fingerprint = fingerprint
                $0.digest = Self.digest(directory)
                $0.lastErrors = []
                $0.reloads += 1
                $0.loadedAt = Date()
            }
            for warning in set.warnings { logger.warning("policy: \(warning)") }
            logger.notice("policy reloaded", metadata: ["rules": "\(set.rules.count)", "directory": "\(directory)"])
            return []
        } catch {
            state.withLock {
                $0.fingerprint = fingerprint
                $0.lastErrors = error.diagnostics
                $0.failedReloads += 1
                $0.refusedAt = Date()
            }
            for line in error.diagnostics { logger.error("policy not reloaded: \(line)") }
            return error.diagnostics
        }
    }

    /// Reloads when any file's name, size or modification time changed since the last load.
    public func reloadIfChanged() {
        let fingerprint = Self.fingerprint(directory)
        guard fingerprint != state.withLock({ $0.fingerprint }) else { return }
        reload()
    }

    /// Names, sizes and modification times of the directory's files (a vanished or unreadable directory has its
    /// own fingerprint, and its reload fails, keeping the last good set).
    static func fingerprint(_ directory: String) -> String {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return "unreadable" }
        return names.sorted().map { name -> String in
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            let size = (attributes?[.size] as? Int) ?? -1
            let time = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(name):\(size):\(time)"
        }.joined(separator: "|")
    }

    /// Polls for changes every `interval` until the task is cancelled.
    public func watch(every interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            reloadIfChanged()
        }
    }
}
