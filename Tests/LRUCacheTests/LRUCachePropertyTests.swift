import LRUCache
import PropertyBased
import Testing

@Suite("LRUCache against reference models")
struct LRUCachePropertyTests {
    static let capacity = 100

    @Test("plain LRU, one shard: same results, same contents, same eviction order as the array model")
    func lruMatchesReferenceModel() async {
        await propertyCheck(count: 300, input: CacheOperation.sequences) { operations in
            let log = EvictionLog<Int, Int>()
            let cache = LRUCache<Int, Int>(
                costLimit: Self.capacity, shardCount: 1, policy: .lru, onEviction: log.listener,
                weigher: CacheOperation.weigh)
            var model = LRUReferenceModel(capacity: Self.capacity)
            for operation in operations {
                switch operation {
                case .get(let key):
                    #expect(cache.value(forKey: key) == model.value(forKey: key), "\(operation)")
                case .insert(let key, let cost, let tag):
                    let value = cost * 1000 + tag
                    cache.insert(value, forKey: key)
                    let expectedEvictions = model.insert(value, forKey: key, cost: cost)
                    #expect(log.takeCapacityEvictions() == expectedEvictions, "\(operation)")
                case .remove(let key):
                    #expect(cache.removeValue(forKey: key) == model.removeValue(forKey: key), "\(operation)")
                }
                let statistics = cache.statistics
                #expect(statistics.currentBytes <= Self.capacity)
                #expect(statistics.currentBytes == model.totalCost)
                #expect(statistics.currentEntries == model.entries.count)
                for key in CacheOperation.keyRange {
                    #expect(cache.peek(forKey: key) == model.peek(key), "key \(key) after \(operation)")
                }
            }
        }
    }

    @Test(
        "every policy and shard count: cost bound never exceeded, contents consistent with what was written",
        arguments: [
            (EvictionPolicy.segmented, 1),
            (EvictionPolicy.segmented(protectedFraction: 0.8, usesAdmissionFilter: false), 1),
            (EvictionPolicy.segmented(protectedFraction: 0.5), 1),
            (EvictionPolicy.segmented, 4),
            (EvictionPolicy.lru, 4),
        ])
    func boundAndConsistency(policy: EvictionPolicy, shardCount: Int) async {
        await propertyCheck(count: 150, input: CacheOperation.sequences) { operations in
            let log = EvictionLog<Int, Int>()
            let costLimit = Self.capacity * shardCount
            let cache = LRUCache<Int, Int>(
                costLimit: costLimit, shardCount: shardCount, policy: policy, onEviction: log.listener,
                weigher: CacheOperation.weigh)
            var written: [Int: Int] = [:]  // last value inserted for each key not removed since
            for operation in operations {
                switch operation {
                case .get(let key):
                    let value = cache.value(forKey: key)
                    #expect(value == nil || value == written[key], "\(operation)")
                case .insert(let key, let cost, let tag):
                    let value = cost * 1000 + tag
                    cache.insert(value, forKey: key)
                    written[key] = value
                    if max(1, cost) > cache.maximumValueCost {
                        #expect(cache.peek(forKey: key) == nil, "too large to cache: \(operation)")
                    }
                case .remove(let key):
                    let removed = cache.removeValue(forKey: key)
                    #expect(removed == nil || removed == written[key], "\(operation)")
                    written[key] = nil
                    #expect(cache.peek(forKey: key) == nil)
                }
                var presentCost = 0
                var presentCount = 0
                for key in CacheOperation.keyRange {
                    guard let value = cache.peek(forKey: key) else { continue }
                    #expect(value == written[key], "stale or foreign value for key \(key) after \(operation)")
                    presentCost += max(1, CacheOperation.weigh(value))
                    presentCount += 1
                }
                let statistics = cache.statistics
                #expect(statistics.currentBytes <= costLimit)
                #expect(statistics.currentBytes == presentCost)
                #expect(statistics.currentEntries == presentCount)
            }
        }
    }
}
