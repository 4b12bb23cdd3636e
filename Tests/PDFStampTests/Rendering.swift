import Foundation

/// A page rendered by poppler's `pdftoppm` as 8-bit gray pixels (a PGM file), for comparing renderings in tests.
struct Rendering {
    let width: Int
    let height: Int
    let pixels: [UInt8]
    /// What pdftoppm wrote on standard error (empty when it had nothing to complain about).
    let complaints: String

    /// Page `page` (1-based) of `pdf` at `dpi`.
    init(_ pdf: String, page: Int, dpi: Int = 50, scratch: Scratch) throws {
        let prefix = scratch.file("render-\(UUID().uuidString)")
        let output = try Tool.run(
            "pdftoppm", ["-gray", "-r", "\(dpi)", "-f", "\(page)", "-l", "\(page)", "-singlefile", pdf, prefix])
        guard output.status == 0 else {
            throw RenderingFailed(message: "pdftoppm exited \(output.status): \(output.stderr)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: prefix + ".pgm"))
        try? FileManager.default.removeItem(atPath: prefix + ".pgm")
        // "P5" width height maxval, each followed by one whitespace byte, then the pixels.
        var fields: [Int] = []
        var index = 2
        while fields.count < 3 {
            while data[index] == 0x20 || data[index] == 0x0A { index += 1 }
            var value = 0
            while data[index] >= 0x30 && data[index] <= 0x39 {
                value = value * 10 + Int(data[index] - 0x30)
                index += 1
            }
            fields.append(value)
        }
        index += 1
        width = fields[0]
        height = fields[1]
        pixels = Array(data[index..<(index + width * height)])
        complaints = output.stderr
    }

    subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }

    /// The smallest rectangle holding every pixel that differs from `other` by more than `threshold`
    /// (x0, y0, x1, y1; y down), nil when none does.
    func differences(from other: Rendering, threshold: Int = 24) -> (x0: Int, y0: Int, x1: Int, y1: Int, count: Int)? {
        precondition(width == other.width && height == other.height, "renderings of different sizes")
        var box: (x0: Int, y0: Int, x1: Int, y1: Int, count: Int)?
        for y in 0..<height {
            for x in 0..<width where abs(Int(self[x, y]) - Int(other[x, y])) > threshold {
                if let current = box {
                    box = (
                        min(current.x0, x), min(current.y0, y), max(current.x1, x), max(current.y1, y),
                        current.count + 1
                    )
                } else {
                    box = (x, y, x, y, 1)
                }
            }
        }
        return box
    }

    /// How many pixels of rows `rows` are darker than `level`.
    func darkPixels(rows: Range<Int>, below level: UInt8 = 128) -> Int {
        rows.clamped(to: 0..<height).reduce(0) { count, y in
            count + (0..<width).filter { self[$0, y] < level }.count
        }
    }

    struct RenderingFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
