import Foundation

extension LibraryDirectory {
    /// A directory file is a few kilobytes; anything this large is not one.
    static let maximumFileSize = 1 << 20

    /// Reads and checks a directory file such as `Config/libraries.yaml`.
    ///
    /// - Parameter path: the file; messages name it as given.
    /// - Throws: ``LibraryDirectoryError`` with every problem as `file:line:column: message`.
    public static func load(contentsOf path: String) throws(LibraryDirectoryError) -> LibraryDirectory {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? NSNumber, size.intValue > maximumFileSize {
                throw LibraryDirectoryError.unreadable(path, reason: "larger than \(maximumFileSize) bytes")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as LibraryDirectoryError {
            throw error
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "\(error.localizedDescription)" : "no such file"
            throw LibraryDirectoryError.unreadable(path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LibraryDirectoryError.unreadable(path, reason: "not UTF-8 text; save it as UTF-8")
        }
        return try parse(yaml: text, file: path)
    }

    /// Checks the text of a directory file.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - file: the name messages give the file.
    /// - Throws: ``LibraryDirectoryError`` with every problem as `file:line:column: message`.
    public static func parse(yaml: String, file: String) throws(LibraryDirectoryError) -> LibraryDirectory {
        var parser = LibraryDirectoryParser(file: file, text: yaml)
        let directory = parser.parse()
        guard parser.diagnostics.isEmpty, let directory else { throw LibraryDirectoryError.invalid(parser.diagnostics) }
        return directory
    }
}
