/// The console's charts as geometry for its SVG templates: drawn on the server, readable without JavaScript, each
/// bar carrying its day, series and number (the same numbers as the table beside it).
public enum ConsoleChart {
    /// One series of a stacked bar chart: its key (also its CSS class) and its label.
    public struct Series: Sendable, Hashable {
        public var key: String
        public var label: String
        public init(key: String, label: String) {
            self.key = key
            self.label = label
        }
    }

    /// A stacked bar per column (`columns`, e.g. every day of the period, in order), `values[column][series]`.
    /// Columns without a value draw nothing; the vertical scale ends at a round number with four grid lines.
    public static func stackedBars(
        columns: [String], series: [Series], values: [String: [String: Int]], width: Int = 720, height: Int = 260
    ) -> [String: Any] {
        let left = 56.0, right = 8.0, top = 10.0, bottom = 26.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let highest = columns.map { column in series.reduce(0) { $0 + (values[column]?[$1.key] ?? 0) } }.max() ?? 0
        let scale = niceCeiling(highest)
        let step = columns.isEmpty ? plotWidth : plotWidth / Double(columns.count)
        let barWidth = max(step * 0.8, 0.5)
        var bars: [[String: Any]] = []
        for (index, column) in columns.enumerated() {
            var base = top + plotHeight
            for item in series {
                let value = values[column]?[item.key] ?? 0
                guard value > 0 else { continue }
                let barHeight = plotHeight * Double(value) / Double(scale)
                base -= barHeight
                bars.append([
                    "x": format(left + Double(index) * step + (step - barWidth) / 2), "y": format(base),
                    "width": format(barWidth), "height": format(barHeight), "series": item.key,
                    "seriesLabel": item.label, "column": column, "value": value,
                ])
            }
        }
        var grid: [[String: Any]] = []
        for line in 0...4 {
            let y = top + plotHeight - plotHeight * Double(line) / 4
            grid.append([
                "x1": format(left), "x2": format(Double(width) - right), "y": format(y), "labelX": format(left - 6),
                "labelY": format(y + 4), "label": String(scale * line / 4),
            ])
        }
        var labels: [[String: Any]] = []
        let labelled = columns.count <= 1 ? Array(columns.indices) : [0, columns.count / 2, columns.count - 1]
        for index in Set(labelled).sorted() {
            labels.append([
                "x": format(left + Double(index) * step + step / 2), "y": format(Double(height) - 8),
                "label": columns[index],
            ])
        }
        return [
            "width": width, "height": height, "bars": bars, "grid": grid, "xLabels": labels,
            "legend": series.map { ["series": $0.key, "label": $0.label] },
        ]
    }

    /// One horizontal bar per row (`rows` in order, `(label, value)`), scaled to the largest.
    public static func horizontalBars(rows: [(label: String, value: Int)], width: Int = 720) -> [String: Any] {
        let rowHeight = 26.0, labelWidth = 180.0, valueWidth = 80.0
        let plotWidth = Double(width) - labelWidth - valueWidth
        let highest = max(rows.map(\.value).max() ?? 0, 1)
        var bars: [[String: Any]] = []
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight
            bars.append([
                "labelX": format(labelWidth - 8), "textY": format(y + 17), "label": row.label,
                "x": format(labelWidth), "y": format(y + 4), "height": format(rowHeight - 8),
                "width": format(max(plotWidth * Double(row.value) / Double(highest), row.value > 0 ? 1 : 0)),
                "valueX": format(labelWidth + plotWidth + 6), "value": row.value,
            ])
        }
        return ["width": width, "height": Int(Double(max(rows.count, 1)) * rowHeight), "bars": bars]
    }

    /// The top of the vertical scale for a largest value `value`: four grid steps of a round size (1, 1.2, 1.5, 2,
    /// 2.5, 3, 4, 5, 6 or 8 times a power of ten, a whole number), so every grid line has a whole label.
    static func niceCeiling(_ value: Int) -> Int {
        let need = max(1, (value + 3) / 4)
        var magnitude = 1
        while magnitude * 10 <= need { magnitude *= 10 }
        for factor in [1.0, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] {
            let step = factor * Double(magnitude)
            if step == step.rounded(), Int(step) >= need { return 4 * Int(step) }
        }
        return 40 * magnitude
    }

    /// A coordinate with at most two decimals, without trailing zeros.
    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
