import PropertyBased

/// One step of a random operation sequence. The value stored encodes its cost so the weigher can read it back.
enum CacheOperation: Sendable, CustomStringConvertible {
    case get(key: Int)
    case insert(key: Int, cost: Int, tag: Int)
    case remove(key: Int)

    static let keyRange = 0...23

    /// Values are `cost * 1000 + tag`, so the weigher is `value / 1000`.
    static func weigh(_ value: Int) -> Int { value / 1000 }

    var description: String {
        switch self {
        case .get(let key): "get(\(key))"
        case .insert(let key, let cost, let tag): "insert(\(key), cost \(cost), tag \(tag))"
        case .remove(let key): "remove(\(key))"
        }
    }

    /// Mostly lookups and insertions over a small key space (so keys recur), costs from 0 up to beyond a shard.
    static let generator = zip(Gen.int(in: 0...9), Gen.int(in: keyRange), Gen.int(in: 0...120), Gen.int(in: 0...999))
        .map { (t: (Int, Int, Int, Int)) -> CacheOperation in
            switch t.0 {
            case 0...4: .get(key: t.1)
            case 5...8: .insert(key: t.1, cost: t.2 < 110 ? t.2 % 40 : t.2, tag: t.3)
            default: .remove(key: t.1)
            }
        }

    static let sequences = generator.array(of: 1...300)
}
