import Foundation
import Testing

@testable import Audit

@Suite struct PendingRecordsTests {
    static func numbered(_ i: Int) -> AuditRecord {
        record(at: Date(timeIntervalSince1970: Double(i)))
    }

    @Test("a full queue drops the oldest records and counts them")
    func dropsOldest() {
        var queue = PendingRecords(capacity: 3)
        for i in 0..<5 { queue.append(Self.numbered(i)) }
        #expect(queue.count == 3)
        #expect(queue.dropped == 2)
        #expect(queue.removeBatch(upTo: 10) == [2, 3, 4].map(Self.numbered))
        #expect(queue.removeBatch(upTo: 10) == nil)
    }

    @Test("batches come out oldest first and never exceed the limit")
    func batchesInOrder() {
        var queue = PendingRecords(capacity: 100_000)
        for i in 0..<5_000 { queue.append(Self.numbered(i)) }
        var seen: [AuditRecord] = []
        while let batch = queue.removeBatch(upTo: 500) {
            #expect(batch.count <= 500)
            seen += batch
        }
        #expect(seen == (0..<5_000).map(Self.numbered))
        #expect(queue.dropped == 0)
    }

    @Test("a batch put back goes to the front, dropping what no longer fits")
    func putBack() {
        var queue = PendingRecords(capacity: 4)
        for i in 0..<3 { queue.append(Self.numbered(i)) }
        let batch = queue.removeBatch(upTo: 3)!
        for i in 3..<5 { queue.append(Self.numbered(i)) }
        queue.putBack(batch)
        #expect(queue.dropped == 1)
        #expect(queue.removeBatch(upTo: 10) == [1, 2, 3, 4].map(Self.numbered))
    }

    @Test("the queue stays bounded under a long stream of appends")
    func staysBounded() {
        var queue = PendingRecords(capacity: 1_000)
        for i in 0..<50_000 { queue.append(Self.numbered(i)) }
        #expect(queue.count == 1_000)
        #expect(queue.dropped == 49_000)
        #expect(queue.removeBatch(upTo: 1)?.first == Self.numbered(49_000))
    }
}
