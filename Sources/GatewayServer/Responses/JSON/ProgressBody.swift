/// A rendition still being made (202): `{"status": "processing", "percent": …, "eta_seconds": … | null}`.
struct ProgressBody: Encodable, Sendable {
    var status = "processing"
    var percent: Int
    var etaSeconds: Int?

    init(fraction: Double, eta: Double?) {
        percent = Int((min(1, max(0, fraction.isFinite ? fraction : 0)) * 100).rounded(.down))
        etaSeconds = eta.flatMap { $0.isFinite && abs($0) < 1e9 ? Int($0.rounded(.up)) : nil }
    }

    enum CodingKeys: String, CodingKey {
        case status, percent
        case etaSeconds = "eta_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(percent, forKey: .percent)
        try container.encode(etaSeconds, forKey: .etaSeconds)  // null while unknown
    }
}
