/// A rule in the engine's fast form: names replaced by symbol numbers, lists by slices of a shared pool, so matching
/// is integer work on plain values (no reference counting, no string hashing per rule).
struct CompiledPolicyRule: Sendable {
    /// A slice `start ..< start + count` of a pool; `count < 0` means "no condition".
    struct Slice: Sendable {
        var start: Int32
        var count: Int32

        static let unconditional = Slice(start: 0, count: -1)

        var isConditional: Bool { count >= 0 }
    }

    var isDeny: Bool
    /// Bit mask of allowed ``PolicySubject/Kind``s; 0 = any kind.
    var kinds: UInt8
    var libraries: Slice
    var ids: Slice
    var rights: Slice
    var owners: Slice
    var mediaKinds: Slice
    /// -1 any, 0 only assets not under embargo, 1 only embargoed assets.
    var embargoed: Int8
    /// Slices of the network pool.
    var networks: Slice
    var notNetworks: Slice
}
