import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The data directory holds patron names, key hashes and signing secrets: it is 0700 and everything in it 0600
/// (directories 0700), readable by the gateway's user alone.
enum DataDirectory {
    /// Creates the data directory (0700) and makes this process create files 0600 and directories 0700 from now on
    /// (umask 077). A directory left by an older version, or loosened by hand, is tightened, with a log line.
    static func prepare(_ paths: DataPaths, logger: Logger) throws {
        umask(0o077)
        do {
            try FileManager.default.createDirectory(
                atPath: paths.root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigurationError("\(paths.root): cannot create the data directory (\(error.localizedDescription))")
        }
        let tightened = tighten(root: paths.root)
        if tightened > 0 {
            logger.notice(
                "data directory permissions tightened: directories 0700, files 0600",
                metadata: ["data_dir": .string(paths.root), "changed": "\(tightened)"])
        }
    }

    /// Removes group and other permissions from the data directory and what it holds; returns how many entries
    /// changed. The whole tree is walked when the directory itself was open to others (a store of an older version
    /// or one loosened by hand); otherwise only its top level (the catalog's files, the state directories), so a
    /// command run many times on a large store does not walk every blob.
    static func tighten(root: String) -> Int {
        var status = stat()
        guard lstat(root, &status) == 0 else { return 0 }
        let walkAll = status.st_mode & 0o077 != 0
        var changed = 0
        if restrict(root, status) { changed += 1 }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return changed }
        var pending = names.map { root + "/" + $0 }
        while let path = pending.popLast() {
            var entry = stat()
            guard lstat(path, &entry) == 0 else { continue }
            if restrict(path, entry) { changed += 1 }
            if walkAll, entry.st_mode & S_IFMT == S_IFDIR, let children = try? FileManager.default.contentsOfDirectory(atPath: path) {
                pending.append(contentsOf: children.map { path + "/" + $0 })
            }
        }
        return changed
    }

    /// Drops the group and other bits of a regular file or directory (never follows symbolic links).
    private static func restrict(_ path: String, _ status: stat) -> Bool {
        let kind = status.st_mode & S_IFMT
        guard kind == S_IFDIR || kind == S_IFREG, status.st_mode & 0o077 != 0 else { return false }
        return chmod(path, status.st_mode & 0o700) == 0
    }
}
