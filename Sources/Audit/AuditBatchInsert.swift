import GRDB
import GRDBSQLite

/// Inserts audit records with one prepared statement bound through SQLite's C interface: a busy gateway appends
/// tens of thousands of records a second, and building GRDB's `StatementArguments` (an array of boxed values per
/// record) cost more than SQLite's own insert. The statement is prepared once per batch, outside GRDB's statement
/// cache, so GRDB's bookkeeping of cached statements is never disturbed.
enum AuditBatchInsert {
    /// Text is bound as `SQLITE_STATIC` (a nil destructor: SQLite neither copies nor frees it), which holds because
    /// every text field of a record is laid end to end in one reused buffer that stays put until the row is stepped.
    /// Binding then copies and allocates nothing per field.
    static func insert(_ batch: [AuditRecord], into db: Database) throws {
        let statement = try db.makeStatement(sql: AuditSchema.insertSQL)
        let handle = statement.sqliteStatement
        var text: [UInt8] = []
        text.reserveCapacity(1024)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for record in batch {
            // Where each field starts in `text`; the next field's start (or the end) is where it stops.
            text.removeAll(keepingCapacity: true)
            func lay(_ field: String) -> Int {
                defer { text.append(contentsOf: field.utf8) }
                return text.count
            }
            let subject = lay(record.subject), library = lay(record.library), assetID = lay(record.assetID)
            let collection = lay(record.collection), action = lay(record.action), decision = lay(record.decision)
            let rule = lay(record.ruleID ?? ""), client = lay(record.clientAddress), userAgent = lay(record.userAgent)
            let end = text.count
            // A NUL after the last field gives even an empty buffer a base address (a NULL pointer binds SQL NULL).
            text.append(0)
            let code = text.withUnsafeBufferPointer { bytes -> Int32 in
                let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
                func bind(_ index: Int32, _ start: Int, _ stop: Int) {
                    sqlite3_bind_text(handle, index, base + start, Int32(stop - start), nil)
                }
                sqlite3_reset(handle)
                sqlite3_bind_int64(handle, 1, AuditSchema.milliseconds(record.time))
                bind(2, subject, library)
                bind(3, library, assetID)
                bind(4, assetID, collection)
                bind(5, collection, action)
                bind(6, action, decision)
                bind(7, decision, rule)
                if record.ruleID == nil { sqlite3_bind_null(handle, 8) } else { bind(8, rule, client) }
                sqlite3_bind_int64(handle, 9, Int64(record.status))
                sqlite3_bind_int64(handle, 10, record.bytesSent)
                bind(11, client, userAgent)
                bind(12, userAgent, end)
                sqlite3_bind_int64(handle, 13, Int64(record.requests))
                return sqlite3_step(handle)
            }
            guard code == SQLITE_DONE else {
                let message = sqlite3_errmsg(db.sqliteConnection).map { String(cString: $0) } ?? "insert failed"
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: AuditSchema.insertSQL)
            }
        }
    }
}
