/// A bounded first-in first-out queue of records waiting to be written.
///
/// When full, appending drops the oldest record and counts it, so memory stays bounded however long the
/// database is slow or unavailable. All operations are amortised O(1) except ``putBack(_:)``, which only runs
/// after a failed write.
struct PendingRecords: Sendable {
    /// The most records kept; beyond it the oldest are dropped.
    let capacity: Int
    /// How many records were dropped since creation.
    private(set) var dropped = 0

    private var storage: [AuditRecord] = []
    /// Index of the oldest live record in `storage`; the slots before it are consumed.
    private var head = 0

    init(capacity: Int) {
        precondition(capacity > 0, "PendingRecords needs room for at least one record")
        self.capacity = capacity
    }

    /// The records waiting.
    var count: Int { storage.count - head }

    var isEmpty: Bool { count == 0 }

    /// Adds a record, dropping the oldest one if the queue is full.
    mutating func append(_ record: AuditRecord) {
        if count >= capacity {
            head += 1
            dropped += 1
        }
        storage.append(record)
        compactIfNeeded()
    }

    /// Removes and returns up to `limit` of the oldest records, or nil when there are none.
    mutating func removeBatch(upTo limit: Int) -> [AuditRecord]? {
        guard !isEmpty else { return nil }
        let end = min(head + limit, storage.count)
        let batch = Array(storage[head..<end])
        head = end
        compactIfNeeded()
        return batch
    }

    /// Returns a batch whose write failed to the front of the queue (it is older than anything pending),
    /// dropping its oldest records if they no longer fit.
    mutating func putBack(_ batch: [AuditRecord]) {
        let room = max(0, capacity - count)
        let kept = batch.suffix(room)
        dropped += batch.count - kept.count
        storage = Array(kept) + storage[head...]
        head = 0
    }

    /// Drops everything pending, counting it.
    mutating func dropAll() {
        dropped += count
        storage.removeAll()
        head = 0
    }

    /// Reclaims consumed slots once they are at least half of the storage, so each slot is moved at most once.
    private mutating func compactIfNeeded() {
        if head == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 4 * 1024)
            head = 0
        } else if head >= 1024, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }
}
