/// A ``NetworkRange`` as two masked 64-bit halves, so membership is two ANDs and two compares.
struct CompiledNetworkRange: Sendable {
    var high: UInt64
    var low: UInt64
    var maskHigh: UInt64
    var maskLow: UInt64

    init(_ range: NetworkRange) {
        let (high, low) = Self.halves(range.network)
        let length = range.prefixLength
        maskHigh = length >= 64 ? ~0 : (length == 0 ? 0 : ~0 << UInt64(64 - length))
        maskLow = length <= 64 ? 0 : (length >= 128 ? ~0 : ~0 << UInt64(128 - length))
        self.high = high & maskHigh
        self.low = low & maskLow
    }

    static func halves(_ address: IPAddress) -> (UInt64, UInt64) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(address.bytes[index]) }
        for index in 8..<16 { low = low << 8 | UInt64(address.bytes[index]) }
        return (high, low)
    }

    func contains(high: UInt64, low: UInt64) -> Bool {
        high & maskHigh == self.high && low & maskLow == self.low
    }
}
