/// An approximate, aging count of how often each key was requested recently (a count-min sketch with 4-bit
/// counters, as TinyLFU uses). Keys are identified by hash only; nothing else is stored.
///
/// The four counters of a key sit in one 64-byte block of the table, so recording or estimating touches a
/// single cache line. A request adds one only to those of the key's counters that hold its minimum (conservative
/// update): the estimate is that minimum, and the others are ahead of it only through other keys' requests, so
/// adding to them would only let collisions pile up. With many more keys requested than the cache holds (a crawler
/// walking the whole collection), plain increments filled every counter with other keys' counts and the sketch
/// could no longer tell a warm key from a crawled one. When the number of recorded requests reaches 40 times the
/// table width, every counter is halved, so the sketch follows changes in popularity instead of remembering
/// forever. (Caffeine halves after 10 × width; the longer period measured better here on loops several times
/// larger than the cache.)
@usableFromInline struct FrequencySketch: Sendable {
    @usableFromInline var table: [UInt64]
    @usableFromInline var additions = 0
    @usableFromInline var sampleSize: Int
    @usableFromInline var blockMask: Int
    /// Where the counters start, for prefetch hints only (see `ShardSet`): valid until the table is replaced.
    @inlinable var address: Int {
        table.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
    }

    /// - Parameter expectedEntries: about how many distinct keys the cache holds; the table grows later if needed.
    @inlinable init(expectedEntries: Int) {
        let width = Self.width(for: expectedEntries)
        table = [UInt64](repeating: 0, count: width)
        sampleSize = 40 * width
        blockMask = width / 8 - 1
    }

    @inlinable static func width(for entries: Int) -> Int {
        var width = 64
        while width < entries, width < 1 << 26 { width <<= 1 }
        return width
    }

    /// Grows the table (forgetting the counts) when the cache holds many more keys than it was sized for.
    @inlinable mutating func ensureCapacity(forEntries entries: Int) {
        guard entries > table.count * 2 else { return }
        self = FrequencySketch(expectedEntries: entries)
    }

    /// Counts one request for the key.
    @inlinable mutating func increment(_ hash: Int) {
        let (blockMask, sampleSize) = (self.blockMask, self.sampleSize)
        var additions = self.additions
        table.withUnsafeMutableBufferPointer {
            Self.count(hash, in: $0, blockMask: blockMask, sampleSize: sampleSize, additions: &additions)
        }
        self.additions = additions
    }

    /// Counts one request for each of the keys whose 32-bit tags are the high halves of the stripe's buffered
    /// entries, in order: the same as calling `increment` for each.
    @inlinable mutating func increment(tagsIn stripe: inout ReadStripe) {
        let (blockMask, sampleSize) = (self.blockMask, self.sampleSize)
        var additions = self.additions
        table.withUnsafeMutableBufferPointer { table in
            for i in 0..<stripe.count {
                Self.count(
                    Int(truncatingIfNeeded: stripe.entries[i] &>> 32), in: table, blockMask: blockMask,
                    sampleSize: sampleSize, additions: &additions)
            }
        }
        self.additions = additions
    }

    /// Adds one to those of the key's four counters that hold their minimum, unless that is 15 already (conservative
    /// update), and halves every counter when `additions` reaches `sampleSize`.
    @inlinable @inline(__always) static func count(
        _ hash: Int, in table: UnsafeMutableBufferPointer<UInt64>, blockMask: Int, sampleSize: Int,
        additions: inout Int
    ) {
        let spread = spread(hash)
        let block = Int(truncatingIfNeeded: spread) & blockMask &* 8
        var minimum = UInt64(15)
        for i in 0..<4 {
            let (word, shift) = position(spread, counter: i, block: block)
            minimum = min(minimum, (table[word] &>> shift) & 0xF)
        }
        guard minimum < 15 else { return }
        for i in 0..<4 {
            let (word, shift) = position(spread, counter: i, block: block)
            if (table[word] &>> shift) & 0xF == minimum { table[word] &+= 1 &<< shift }
        }
        additions += 1
        if additions >= sampleSize {
            halve(table)
            additions /= 2
        }
    }

    /// The estimated number of recent requests for the key (0...15).
    @inlinable func frequency(_ hash: Int) -> Int {
        let spread = Self.spread(hash)
        let block = Int(truncatingIfNeeded: spread) & blockMask &* 8
        var minimum = UInt64(15)
        for i in 0..<4 {
            let (word, shift) = Self.position(spread, counter: i, block: block)
            minimum = min(minimum, (table[word] &>> shift) & 0xF)
        }
        return Int(minimum)
    }

    @inlinable mutating func removeAll() {
        for i in table.indices { table[i] = 0 }
        additions = 0
    }

    @inlinable mutating func halve() {
        table.withUnsafeMutableBufferPointer { Self.halve($0) }
        additions /= 2
    }

    @inlinable static func halve(_ table: UnsafeMutableBufferPointer<UInt64>) {
        // Halve each 4-bit counter: shift the word right and clear the bit that crossed from the next nibble.
        for i in table.indices {
            table[i] = (table[i] &>> 1) & 0x7777_7777_7777_7777
        }
    }

    /// Re-mixes the hash so that the block choice and the counter choices use independent bits.
    @inlinable static func spread(_ hash: Int) -> UInt64 {
        var x = UInt64(bitPattern: Int64(hash))
        x = (x ^ (x &>> 33)) &* 0xFF51_AFD7_ED55_8CCD
        x = (x ^ (x &>> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return x ^ (x &>> 33)
    }

    /// Counter `i` of a key lives in word `block + 2i` or `block + 2i + 1`, at one of its 16 nibbles.
    @inlinable static func position(_ spread: UInt64, counter i: Int, block: Int) -> (word: Int, shift: UInt64) {
        let bits = spread &>> UInt64(32 + 8 * i)
        let word = block + 2 * i + Int(bits & 1)
        let nibble = (bits &>> 1) & 0xF
        return (word, nibble &* 4)
    }
}
