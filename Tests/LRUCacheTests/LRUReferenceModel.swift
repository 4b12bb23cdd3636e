/// The obvious, slow definition of a byte-bounded LRU cache (one array, most recently used first), against
/// which `LRUCache(policy: .lru, shardCount: 1)` is checked operation by operation.
struct LRUReferenceModel {
    let capacity: Int
    private(set) var entries: [(key: Int, value: Int, cost: Int)] = []

    init(capacity: Int) { self.capacity = capacity }

    var totalCost: Int { entries.reduce(0) { $0 + $1.cost } }

    mutating func value(forKey key: Int) -> Int? {
        guard let i = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = entries.remove(at: i)
        entries.insert(entry, at: 0)
        return entry.value
    }

    func peek(_ key: Int) -> Int? {
        entries.first(where: { $0.key == key })?.value
    }

    /// Returns the keys evicted for capacity, in order.
    mutating func insert(_ value: Int, forKey key: Int, cost: Int) -> [Int] {
        let cost = max(1, cost)
        entries.removeAll { $0.key == key }
        guard cost <= capacity else { return [] }
        entries.insert((key, value, cost), at: 0)
        var evicted: [Int] = []
        while totalCost > capacity {
            evicted.append(entries.removeLast().key)
        }
        return evicted
    }

    mutating func removeValue(forKey key: Int) -> Int? {
        guard let i = entries.firstIndex(where: { $0.key == key }) else { return nil }
        return entries.remove(at: i).value
    }
}
