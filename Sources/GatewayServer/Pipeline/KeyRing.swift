import GatewaySupport
public import Access
import Foundation
import Synchronization
import Yams

/// The signing keys the server accepts: those of the ``SigningKeyStore`` (`gateway keys add-signing`) and, with
/// `serve --demo` only, the development keys of `Config/dev-keys.yaml`. Keys added by another process are picked up
/// without a restart: with the file store, an unknown key id re-reads the file when it has changed (one `stat`);
/// with the shared database, the ring re-reads the keys every second in the background (a key made on another node
/// verifies here within a second). Lookups never wait for I/O beyond that `stat`.
public final class KeyRing: Sendable {
    let store: any SigningKeyStore
    let developmentKeys: [String: SigningKey]
    struct State {
        var keys: [String: SigningKey] = [:]
        var loadedModification: Date?
        var refresher: Task<Void, Never>?
    }
    let state = Mutex(State())

    /// - Parameters:
    ///   - developmentKeys: keys from the development key file; pass none unless listening on loopback.
    public init(store: any SigningKeyStore, developmentKeys: [SigningKey]) {
        self.store = store
        self.developmentKeys = Dictionary(developmentKeys.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        reloadIfChanged(force: true)
    }

    deinit { state.withLock { $0.refresher?.cancel() } }

    /// Loads the keys of a store that is not a file and keeps re-reading them every second until the ring goes away.
    /// - Throws: the store's error for the first load (a node must not start without its keys).
    public func startRefreshing() async throws {
        guard store.watchedFile == nil else { return }
        replace(try await store.keys())
        let task = Task { [weak self, store] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                guard let keys = try? await store.keys() else { continue }
                self?.replace(keys)
            }
        }
        state.withLock { $0.refresher = task }
    }

    func replace(_ keys: [SigningKey]) {
        state.withLock { $0.keys = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last }) }
    }

    /// The key with id `id`, if accepted.
    public func key(id: String) -> SigningKey? {
        if let key = state.withLock({ $0.keys[id] }) ?? developmentKeys[id] { return key }
        reloadIfChanged(force: false)
        return state.withLock { $0.keys[id] }
    }

    /// Re-reads the key file when its modification time changed. An unknown key id costs one `stat`, never a read.
    func reloadIfChanged(force: Bool) {
        guard let file = store.watchedFile else { return }
        let modification = file.modificationTime()
        if !force, modification == state.withLock({ $0.loadedModification }) { return }
        guard let keys = try? file.load() else { return }
        state.withLock { state in
            state.keys = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
            state.loadedModification = modification
        }
    }

    /// Reads the development key file: `signing_keys: [{id, library, secret}]`.
    public static func loadDevelopmentKeys(path: String) throws -> [SigningKey] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let node = try Yams.compose(yaml: text), let list = node.mapping?["signing_keys"]?.sequence else {
            return []
        }
        return try list.map { entry in
            guard let id = entry.mapping?["id"]?.string, let library = entry.mapping?["library"]?.string,
                let secret = entry.mapping?["secret"]?.string, Base64URL.decode(secret) != nil
            else {
                throw ConfigurationError("\(path):\(entry.mark?.line ?? 0): each signing key needs id, library and a base64url secret")
            }
            return SigningKey(id: id, library: library, secret: secret, isDevelopmentKey: true)
        }
    }
}
