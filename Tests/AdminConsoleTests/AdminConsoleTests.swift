import Delivery
import Foundation
import Testing

@testable import AdminConsole

@Suite struct AdminConsoleTests {
    @Test("every word exists in both languages and none is empty")
    func wordsInBothLanguages() {
        #expect(Set(ConsoleText.chinese.keys) == Set(ConsoleText.english.keys))
        #expect(ConsoleText.chinese.values.allSatisfy { !$0.isEmpty } && ConsoleText.english.values.allSatisfy { !$0.isEmpty })
    }

    @Test("every word a template names exists", arguments: ConsoleTemplates.Page.allCases)
    func templatesNameKnownWords(page: ConsoleTemplates.Page) throws {
        for name in ["layout-top", "layout-bottom", page.rawValue] {
            let url = try #require(Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Templates"))
            let text = try String(contentsOf: url, encoding: .utf8)
            var rest = text[...]
            while let range = rest.range(of: "{{t.") {
                let tail = rest[range.upperBound...]
                let key = String(tail.prefix { $0 != "}" })
                #expect(ConsoleText.english[key] != nil, "\(name).mustache names t.\(key)")
                rest = tail
            }
        }
    }

    @Test("values are escaped and control characters dropped")
    func escaping() {
        let html = ConsoleTemplates.render(
            .message, ["t": ConsoleText.words(.en), "pageTitle": "<script>x</script>", "problem": "a\u{1}b \"q\" & c", "langTag": "en"])
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("a b &quot;q&quot; &amp; c"))
    }

    @Test("stacked bars: heights proportional to the values, stacked per column, a round scale")
    func stackedBars() throws {
        let chart = ConsoleChart.stackedBars(
            columns: ["d1", "d2", "d3"], series: [.init(key: "read", label: "R"), .init(key: "stream", label: "S")],
            values: ["d1": ["read": 30, "stream": 10], "d3": ["stream": 20]], width: 356, height: 236)
        let bars = try #require(chart["bars"] as? [[String: Any]])
        #expect(bars.count == 3)
        #expect(bars.map { $0["column"] as? String } == ["d1", "d1", "d3"])
        #expect(bars.map { $0["value"] as? Int } == [30, 10, 20])
        // The plot is 200 high (236 − 10 − 26) and the scale ends at 40: 30 → 150, 10 → 50, 20 → 100.
        #expect(bars.map { $0["height"] as? String } == ["150", "50", "100"])
        // The stream bar of d1 sits on its read bar.
        #expect(bars[0]["y"] as? String == "60" && bars[1]["y"] as? String == "10")
        let grid = try #require(chart["grid"] as? [[String: Any]])
        #expect(grid.map { $0["label"] as? String } == ["0", "10", "20", "30", "40"])
    }

    @Test("round scales", arguments: [(0, 4), (3, 4), (5, 8), (9, 12), (11, 12), (41, 48), (99, 100), (101, 120), (730, 800), (1001, 1200)])
    func niceCeilings(value: Int, expected: Int) {
        #expect(ConsoleChart.niceCeiling(value) == expected)
        #expect(ConsoleChart.niceCeiling(value) % 4 == 0)
    }

    @Test("horizontal bars scale to the largest row")
    func horizontalBars() throws {
        let chart = ConsoleChart.horizontalBars(rows: [("harbin", 50), ("qiqihar", 25), ("none", 0)], width: 720)
        let bars = try #require(chart["bars"] as? [[String: Any]])
        #expect(bars.map { $0["width"] as? String } == ["460", "230", "0"])
    }
}
