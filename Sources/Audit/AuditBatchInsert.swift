import GRDB
import GRDBSQLite

/// Inserts audit records with one prepared statement bound through SQLite's C interface: a busy gateway appends
/// tens of thousands of records a second, and building GRDB's `StatementArguments` (an array of boxed values per
/// record) cost more than SQLite's own insert. The statement is prepared once per batch, outside GRDB's statement
/// cache, so GRDB's bookkeeping of cached statements is never disturbed.
enum AuditBatchInsert {
    /// SQLite copies bound text at once (`SQLITE_TRANSIENT`), so the Swift strings may go away after binding.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func insert(_ batch: [AuditRecord], into db: Database) throws {
        let statement = try db.makeStatement(sql: AuditSchema.insertSQL)
        let handle = statement.sqliteStatement
        for record in batch {
            sqlite3_reset(handle)
            sqlite3_bind_int64(handle, 1, AuditSchema.milliseconds(record.time))
            bind(handle, 2, record.subject)
            bind(handle, 3, record.library)
            bind(handle, 4, record.assetID)
            bind(handle, 5, record.collection)
            bind(handle, 6, record.action)
            bind(handle, 7, record.decision)
            if let rule = record.ruleID { bind(handle, 8, rule) } else { sqlite3_bind_null(handle, 8) }
            sqlite3_bind_int64(handle, 9, Int64(record.status))
            sqlite3_bind_int64(handle, 10, record.bytesSent)
            bind(handle, 11, record.clientAddress)
            bind(handle, 12, record.userAgent)
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else {
                let message = sqlite3_errmsg(db.sqliteConnection).map { String(cString: $0) } ?? "insert failed"
                sqlite3_reset(handle)
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: AuditSchema.insertSQL)
            }
        }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private static func bind(_ handle: OpaquePointer, _ index: Int32, _ text: String) {
        // An empty buffer has no base address, and a NULL pointer would bind SQL NULL, not ''.
        guard !text.isEmpty else {
            sqlite3_bind_text(handle, index, "", 0, transient)
            return
        }
        var text = text
        text.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { chars in
                sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), transient)
            }
        }
    }
}
