import Logging

extension DiskCache {
    /// What a file name in the cache directory is.
    enum FileKind: Equatable {
        case entry(keyHash: String, checksum: String)
        case temporary
        case foreign
    }

    static func classify(_ name: String) -> FileKind {
        if name.hasPrefix("tmp-") && name.hasSuffix(".partial") { return .temporary }
        let parts = name.split(separator: ".")
        guard parts.count == 3, parts[2] == "entry", parts[0].count == 64, parts[1].count == 64,
            parts[0].allSatisfy(\.isHexDigit), parts[1].allSatisfy(\.isHexDigit)
        else { return .foreign }
        return .entry(keyHash: String(parts[0]), checksum: String(parts[1]))
    }

    /// Lists the directory (names and `lstat` only), deletes leftovers of interrupted writes and superseded
    /// versions of an entry, and loads the rest oldest-first so the most recently used end up most recent.
    static func rebuildIndex(of directory: String, into state: inout State, logger: Logger) {
        guard let names = POSIX.directoryEntries(directory) else { return }
        var newest: [String: (name: String, size: Int, modified: Double, checksum: String)] = [:]
        var removedTemporaries = 0
        for name in names {
            let path = directory + "/" + name
            switch classify(name) {
            case .temporary:
                POSIX.unlink(path)
                removedTemporaries += 1
            case .foreign:
                continue
            case .entry(let keyHash, let checksum):
                guard let status = POSIX.regularFileStatus(path) else { continue }
                if let previous = newest[keyHash] {
                    // Two versions of one key (a crash between rename and unlink): keep the newer.
                    if previous.modified >= status.modified {
                        POSIX.unlink(path)
                        continue
                    }
                    POSIX.unlink(directory + "/" + previous.name)
                }
                newest[keyHash] = (name, status.size, status.modified, checksum)
            }
        }
        if removedTemporaries > 0 {
            logger.notice("disk cache removed \(removedTemporaries) temporary file(s) left by an interrupted write")
        }
        for (keyHash, file) in newest.sorted(by: { $0.value.modified < $1.value.modified }) {
            let record = Record(
                fileName: file.name, size: file.size, checksum: file.checksum, verified: false,
                touchedOnDisk: file.modified)
            let removed = state.index.insert(
                record, forKey: keyHash, cost: max(1, file.size), keyHash: keyHash.hashValue, collect: true)
            for entry in removed where entry.reason == .capacity {
                POSIX.unlink(directory + "/" + entry.value.fileName)
            }
            if state.index.peek(keyHash) == nil {
                POSIX.unlink(directory + "/" + file.name)  // larger than the whole capacity
            }
        }
        state.statistics.evictions = 0
    }
}
