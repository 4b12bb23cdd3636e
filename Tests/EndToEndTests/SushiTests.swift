import Foundation
import Testing

/// COUNTER R5.1 reports over the COUNTER_SUSHI API, harvested by a real client (celus-pycounter, as the Celus ERM
/// harvests) from the real binary, compared with the requests made and with `gateway stats`.
///
/// COUNTER reports only months that have ended, so the traffic is made in last month: the server that receives it
/// runs with its wall clock shifted to noon on the 15th of last month in Asia/Shanghai (``shiftedClock(to:in:)``);
/// the server that is harvested, and every command, run on the real clock.
@Suite(.serialized) struct SushiTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static let policy = """
        rules:
          - id: members-local-docs
            effect: allow
            actions: [read, download, stream, deliver]
            subjects: { libraries: [harbin, qiqihar] }
            assets: { collections: [local-docs] }
          - id: harbin-rare-books
            effect: allow
            actions: [read, download]
            subjects: { libraries: [harbin] }
            assets: { collections: [rare] }
          - id: one-download-a-day
            effect: allow
            actions: [download]
            subjects: { libraries: [harbin, qiqihar] }
            assets: { collections: [quota-docs] }
            limits: { downloads_per_day: 1 }
        """

    /// The months around now in the report zone: last month (the traffic's), the one before, and this one.
    static func months(now: Date = Date()) -> (traffic: DateComponents, before: DateComponents, current: DateComponents) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = shanghai
        let current = calendar.dateComponents([.year, .month], from: now)
        let first = calendar.date(from: current)!
        let traffic = calendar.dateComponents([.year, .month], from: calendar.date(byAdding: .month, value: -1, to: first)!)
        let before = calendar.dateComponents([.year, .month], from: calendar.date(byAdding: .month, value: -2, to: first)!)
        return (traffic, before, current)
    }

    static func key(_ month: DateComponents) -> String { String(format: "%04d-%02d", month.year!, month.month!) }

    static func lastDay(_ month: DateComponents) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = shanghai
        let first = calendar.date(from: month)!
        return key(month) + String(format: "-%02d", calendar.range(of: .day, in: .month, for: first)!.count)
    }

    static func tabularHeading(_ month: DateComponents) -> String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month.month! - 1] + "-" + String(month.year!)
    }

    /// Harvests `reports` with scripts/sushi-harvest.py (celus-pycounter) and returns its summary per report.
    static func harvest(_ gateway: GatewayProcess, key: String, customer: String, begin: String, end: String, _ reports: [String])
        throws -> [String: [String: Any]]
    {
        let result = try CommandResult.run(
            "/usr/bin/env",
            ["python3", repositoryRoot + "/scripts/sushi-harvest.py", "--url", gateway.baseURL + "/sushi/r51", "--key", key, "--customer", customer,
             "--begin", begin, "--end", end] + reports)
        guard result.status == 0, let object = try? JSONSerialization.jsonObject(with: result.stdout) as? [String: [String: Any]] else {
            throw CommandFailed(description: "sushi-harvest.py failed (\(result.status)): \(result.stderr) \(result.text)")
        }
        return object
    }

    static func totals(_ harvested: [String: Any]?) -> [String: Int] { harvested?["totals"] as? [String: Int] ?? [:] }

    static func exceptionCodes(_ harvested: [String: Any]?) -> [Int] {
        (harvested?["exceptions"] as? [[String: Any]] ?? []).compactMap { $0["Code"] as? Int }
    }

    /// `curl` of a SUSHI path: the status and the body.
    static func get(_ gateway: GatewayProcess, _ path: String, headers: [String] = []) throws -> (status: Int, body: Data) {
        let result = try CommandResult.curl(headers.flatMap { ["-H", $0] } + ["-w", "\n%{http_code}", gateway.baseURL + path])
        let text = result.stdout
        let newline = text.lastIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
        return (Int(String(decoding: text[text.index(after: newline)...], as: UTF8.self)) ?? -1, Data(text[..<newline]))
    }

    static func json(_ data: Data) -> Any? { try? JSONSerialization.jsonObject(with: data) }

    /// The environment that starts a program with its wall clock (`clock_gettime(CLOCK_REALTIME)`, `gettimeofday`,
    /// `time`) shifted to read `date` now and running on from there: a small `LD_PRELOAD` library made here with the C
    /// compiler `swift build` uses. Monotonic clocks are left alone, so timers (NIO's, Dispatch's, `Task.sleep`) keep
    /// working, which libfaketime's interposition of timer functions breaks.
    static func shiftedClock(to date: Date, in directory: String) throws -> [String: String] {
        let source = directory + "/shifted-clock.c", library = directory + "/shifted-clock.so"
        try Data(shiftedClockSource.utf8).write(to: URL(fileURLWithPath: source))
        let compiled = try CommandResult.run("/usr/bin/env", ["clang", "-shared", "-fPIC", "-O2", "-w", "-o", library, source, "-ldl"])
        guard compiled.status == 0 else { throw CommandFailed(description: "clang: \(compiled.stderr)") }
        return ["LD_PRELOAD": library, "GATEWAY_TEST_CLOCK_SHIFT": String(Int64(date.timeIntervalSinceNow.rounded()))]
    }

    static let shiftedClockSource = """
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <stdlib.h>
        #include <sys/time.h>
        #include <time.h>

        static long long shift(void) {
            static long long seconds;
            static int read;
            if (!read) {
                const char *text = getenv("GATEWAY_TEST_CLOCK_SHIFT");
                seconds = text ? atoll(text) : 0;
                read = 1;
            }
            return seconds;
        }

        int clock_gettime(clockid_t clock, struct timespec *value) {
            static int (*real)(clockid_t, struct timespec *);
            if (!real) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
            int result = real(clock, value);
            if (result == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) value->tv_sec += shift();
            return result;
        }

        int gettimeofday(struct timeval *restrict value, void *restrict zone) {
            static int (*real)(struct timeval *, void *);
            if (!real) real = (int (*)(struct timeval *, void *))dlsym(RTLD_NEXT, "gettimeofday");
            int result = real(value, zone);
            if (result == 0) value->tv_sec += shift();
            return result;
        }

        time_t time(time_t *out) {
            struct timespec now;
            clock_gettime(CLOCK_REALTIME, &now);
            if (out) *out = now.tv_sec;
            return now.tv_sec;
        }
        """

    @Test func harvestedCountsEqualTheRequestsMadeAndGatewayStats() throws {
        let gateway = try GatewayProcess()
        gateway.writePolicy(Self.policy)
        func ingest(_ path: String, _ collection: String, _ rights: String, _ title: String) throws -> String {
            let result = try gateway.run(["ingest", path, "--collection", collection, "--owner", "harbin", "--rights", rights, "--title", title])
            return try #require(result.lines.first, "\(result.stderr)")
        }
        let gazetteer = try ingest(gateway.makeFile(named: "gazetteer.pdf", size: 30_001), "local-docs", "open", "哈尔滨市志 1931")
        let rare = try ingest(gateway.makeFile(named: "rare.pdf", size: 20_002), "rare", "in-copyright", "Rare manuscript")
        let quotaOne = try ingest(gateway.makeFile(named: "q1.pdf", size: 10_003), "quota-docs", "in-copyright", "Quota one")
        let quotaTwo = try ingest(gateway.makeFile(named: "q2.pdf", size: 10_004), "quota-docs", "in-copyright", "Quota two")
        let wave = gateway.dataDir + "/song.wav"
        let made = try CommandResult.run("/usr/bin/ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-ac", "2", wave])
        #expect(made.status == 0, "\(made.stderr)")
        let song = try ingest(wave, "local-docs", "open", "Folk song")
        // The rendition is made before the traffic, so every play below is answered 200 at once.
        let transcoded = try gateway.run(["transcode", song, "--profile", "audio-mp3-128k"])
        #expect(transcoded.status == 0, "\(transcoded.stderr)")
        let admin = try #require(try gateway.run(["keys", "add", "--admin"]).lines.first)
        let harbinKey = try #require(try gateway.run(["keys", "add", "--library", "harbin"]).lines.first)
        let qiqiharKey = try #require(try gateway.run(["keys", "add", "--library", "qiqihar"]).lines.first)
        _ = try gateway.run(["keys", "add-signing", "--library", "harbin"])
        _ = try gateway.run(["keys", "add-signing", "--library", "qiqihar"])
        let months = Self.months()
        let traffic = Self.key(months.traffic), before = Self.key(months.before), current = Self.key(months.current)
        // The traffic server's clock reads 12:00 in Shanghai on the 15th of last month (the traffic takes well under an
        // hour: one clock hour, one month).
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.shanghai
        let noon = calendar.date(from: DateComponents(year: months.traffic.year, month: months.traffic.month, day: 15, hour: 12))!
        gateway.extraEnvironment = try Self.shiftedClock(to: noon, in: gateway.dataDir)
        try gateway.start()
        gateway.extraEnvironment = [:]
        func link(_ asset: String, _ subject: String, _ library: String, _ action: String) throws -> String {
            let result = try gateway.run(["link", "--asset", asset, "--subject", subject, "--library", library, "--action", action, "--ttl", "3000000"])
            return try #require(result.lines.first, "\(result.stderr)")
        }
        // Links are minted on the real clock (their expiry is later still on the server's) for the server's port.
        let links = (
            h1Read: try link(gazetteer, "h1", "harbin", "read"), h2Download: try link(gazetteer, "h2", "harbin", "download"),
            h1Rare: try link(rare, "h1", "harbin", "download"), h3Quota1: try link(quotaOne, "h3", "harbin", "download"),
            h3Quota2: try link(quotaTwo, "h3", "harbin", "download"), q1Read: try link(gazetteer, "q1", "qiqihar", "read"),
            q1Rare: try link(rare, "q1", "qiqihar", "download"), q2Stream: try link(song, "q2", "qiqihar", "stream"))

        /// Makes `count` requests for `url` (on one connection) and expects their statuses to be `expected`.
        func fetch(
            _ url: String, _ count: Int, headers: [String] = [], range: String? = nil, expect expected: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            // Options apply to every URL of the command (a header given twice would be sent twice).
            let options = ["-w", "%{http_code}\n"] + (range.map { ["-r", $0] } ?? []) + headers.flatMap { ["-H", $0] }
            let statuses = try CommandResult.curl(options + Array(repeating: ["-o", "/dev/null", url], count: count).flatMap { $0 }).lines
            #expect(statuses == Array(repeating: expected, count: count), "\(url)", sourceLocation: sourceLocation)
        }
        let base = gateway.baseURL
        let rendition = "/renditions/audio-mp3-128k"
        // harbin: requests 10 (+ 1 delivery made), sessions 6, quota refusals 2.
        try fetch(links.h1Read, 3, range: "0-999", expect: "206")
        try fetch(links.h2Download, 2, expect: "200")
        try fetch(links.h1Rare, 1, expect: "200")
        try fetch(base + "/assets/\(song)" + rendition, 2, headers: ["Authorization: Bearer \(harbinKey)"], expect: "200")
        try fetch(links.h3Quota1, 1, expect: "200")
        try fetch(links.h3Quota2, 2, expect: "429")
        let created = try CommandResult.curl([
            "-f", "-H", "Authorization: Bearer \(harbinKey)", "-H", "Content-Type: application/json",
            "-d", #"{"asset": "\#(gazetteer)", "patron": {"id": "reader-77"}}"#, base + "/deliveries",
        ])
        let delivery = try #require(Self.json(created.stdout) as? [String: Any], "\(created.text) \(created.stderr)")
        let deliveryLink = try #require(delivery["link"] as? String)
        try fetch(deliveryLink + "/content", 1, expect: "200")
        // qiqihar: requests 7, sessions 3, refused by policy 3, by quota 1.
        try fetch(links.q1Read, 4, range: "0-99", expect: "206")
        try fetch(links.q1Rare, 3, expect: "403")
        // A stream link plays renditions: its signature covers the asset, so its query goes on the rendition's path.
        let streamQuery = try #require(links.q2Stream.split(separator: "?", maxSplits: 1).last)
        try fetch(base + "/assets/\(song)\(rendition)?" + streamQuery, 1, expect: "200")
        try fetch(base + "/assets/\(quotaOne)/content", 2, headers: ["Authorization: Bearer \(qiqiharKey)"], expect: "200")
        try fetch(base + "/assets/\(quotaTwo)/content", 1, headers: ["Authorization: Bearer \(qiqiharKey)"], expect: "429")
        gateway.stop()  // writes the open sessions

        // gateway stats for last month: requests, allowed, denied per library.
        let stats = try gateway.run(["stats", "--from", traffic + "-01", "--to", Self.lastDay(months.traffic), "--by", "library", "--csv"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let rows = Dictionary(
            stats.text.split(separator: "\r\n").map { $0.split(separator: ",").map(String.init) }.filter { $0.count == 5 }.map { ($0[0], $0) },
            uniquingKeysWith: { first, _ in first })
        let harbinStats = try #require(rows["harbin"], "\(stats.text)").dropFirst().prefix(3).compactMap { Int($0) }
        let qiqiharStats = try #require(rows["qiqihar"], "\(stats.text)").dropFirst().prefix(3).compactMap { Int($0) }
        #expect(harbinStats == [13, 11, 2])  // requests, allowed (10 + the delivery made), denied
        #expect(qiqiharStats == [11, 7, 4])

        try gateway.start()
        let harbin = try Self.harvest(gateway, key: harbinKey, customer: "harbin", begin: traffic, end: traffic, ["pr", "tr", "ir"])
        let qiqihar = try Self.harvest(gateway, key: qiqiharKey, customer: "qiqihar", begin: traffic, end: traffic, ["pr", "tr", "ir"])
        for (name, harvested) in [("harbin", harbin), ("qiqihar", qiqihar)] {
            for report in ["pr", "tr", "ir"] {
                #expect(harvested[report]?["ok"] as? Bool == true, "\(name) \(report): \(harvested[report] ?? [:])")
            }
        }
        // Requests: the allowed requests of gateway stats less the deliveries made; refusals: its denied requests.
        for (harvested, allowed, denied, deliveriesMade) in [(harbin, harbinStats[1], harbinStats[2], 1), (qiqihar, qiqiharStats[1], qiqiharStats[2], 0)] {
            for report in ["pr", "tr", "ir"] {
                let totals = Self.totals(harvested[report])
                #expect(totals["Total_Item_Requests"] == allowed - deliveriesMade, "\(report) \(totals)")
                #expect(totals["Total_Item_Investigations"] == totals["Total_Item_Requests"])
            }
            for report in ["tr", "ir"] {
                let totals = Self.totals(harvested[report])
                #expect((totals["No_License"] ?? 0) + (totals["Limit_Exceeded"] ?? 0) == denied, "\(report) \(totals)")
            }
        }
        // The exact counts of the traffic made.
        #expect(Self.totals(harbin["pr"]) == [
            "Total_Item_Investigations": 10, "Total_Item_Requests": 10, "Unique_Item_Investigations": 6, "Unique_Item_Requests": 6,
        ])
        #expect(Self.totals(harbin["ir"]) == [
            "Total_Item_Investigations": 10, "Total_Item_Requests": 10, "Unique_Item_Investigations": 6, "Unique_Item_Requests": 6,
            "Limit_Exceeded": 2,
        ])
        #expect(Self.totals(qiqihar["tr"]) == [
            "Total_Item_Investigations": 7, "Total_Item_Requests": 7, "Unique_Item_Investigations": 3, "Unique_Item_Requests": 3,
            "No_License": 3, "Limit_Exceeded": 1,
        ])
        #expect((harbin["pr"]?["months"] as? [String: [String: Int]])?["Total_Item_Requests"] == [traffic: 10])
        // By item: the gazetteer read, downloaded and delivered; refusals on the items refused.
        let harbinItems = harbin["ir"]?["items"] as? [String: [String: Int]] ?? [:]
        #expect(harbinItems["ldgw:\(gazetteer)"]?["Total_Item_Requests"] == 6)
        #expect(harbinItems["ldgw:\(gazetteer)"]?["Unique_Item_Requests"] == 3)
        #expect(harbinItems["ldgw:\(song)"]?["Total_Item_Requests"] == 2)
        #expect(harbinItems["ldgw:\(quotaTwo)"] == ["Limit_Exceeded": 2])
        let qiqiharItems = qiqihar["tr"]?["items"] as? [String: [String: Int]] ?? [:]
        #expect(qiqiharItems["ldgw:\(rare)"] == ["No_License": 3])
        #expect(qiqiharItems["ldgw:\(quotaOne)"]?["Total_Item_Requests"] == 2)
        // By data type: documents are Unspecified, the song Sound (Platform Report) and Other among titles.
        #expect((harbin["pr"]?["data_types"] as? [String: [String: Int]])?["Sound"]?["Total_Item_Requests"] == 2)
        #expect((harbin["pr"]?["data_types"] as? [String: [String: Int]])?["Unspecified"]?["Total_Item_Requests"] == 8)
        #expect((qiqihar["tr"]?["data_types"] as? [String: [String: Int]])?["Other"]?["Total_Item_Requests"] == 1)
        // An admin key harvests any member library: the same numbers.
        let byAdmin = try Self.harvest(gateway, key: admin, customer: "harbin", begin: traffic, end: traffic, ["ir"])
        #expect(Self.totals(byAdmin["ir"]) == Self.totals(harbin["ir"]))

        // Refusals, as the client sees them (it raises; the script reads the Exception back) and as HTTP.
        let other = try Self.harvest(gateway, key: harbinKey, customer: "qiqihar", begin: traffic, end: traffic, ["pr"])
        #expect(other["pr"]?["ok"] as? Bool == false && Self.exceptionCodes(other["pr"]) == [2010], "\(other)")
        let stranger = try Self.get(gateway, "/sushi/r51/reports/pr?customer_id=qiqihar&begin_date=\(traffic)&end_date=\(traffic)&api_key=\(harbinKey)")
        #expect(stranger.status == 403)
        #expect((Self.json(stranger.body) as? [String: Any])?["Code"] as? Int == 2010)
        let wrong = try Self.harvest(gateway, key: "gwk_not_a_key", customer: "harbin", begin: traffic, end: traffic, ["tr"])
        #expect(wrong["tr"]?["ok"] as? Bool == false && Self.exceptionCodes(wrong["tr"]) == [2020], "\(wrong)")
        let wrongHTTP = try Self.get(gateway, "/sushi/r51/reports/tr?customer_id=harbin&begin_date=\(traffic)&end_date=\(traffic)", headers: ["Authorization: Bearer nope"])
        #expect(wrongHTTP.status == 401)
        let noKey = try Self.get(gateway, "/sushi/r51/reports/tr?customer_id=harbin&begin_date=\(traffic)&end_date=\(traffic)")
        #expect(noKey.status == 401 && (Self.json(noKey.body) as? [String: Any])?["Code"] as? Int == 2000)
        // The month before the traffic has no usage: 3030 in a report without items.
        let quiet = try Self.harvest(gateway, key: harbinKey, customer: "harbin", begin: before, end: before, ["pr", "ir"])
        for report in ["pr", "ir"] {
            #expect(Self.exceptionCodes(quiet[report]) == [3030], "\(quiet)")
            #expect(quiet[report]?["item_count"] as? Int == 0)
        }
        // Invalid dates: 3020 (400): no such month, the end before the begin, a month that has not ended.
        for (begin, end) in [("\(traffic.prefix(4))-13", traffic), (traffic, before), (current, current)] {
            let answer = try Self.get(gateway, "/sushi/r51/reports/ir?customer_id=harbin&begin_date=\(begin)&end_date=\(end)&api_key=\(harbinKey)")
            #expect(answer.status == 400, "\(begin) \(end)")
            #expect((Self.json(answer.body) as? [String: Any])?["Code"] as? Int == 3020, "\(String(decoding: answer.body, as: UTF8.self))")
        }
        let invalid = try Self.harvest(gateway, key: harbinKey, customer: "harbin", begin: "\(traffic.prefix(4))-13", end: traffic, ["pr"])
        #expect(Self.exceptionCodes(invalid["pr"]) == [3020])
        // Missing dates: 1030; a report not offered: 3000 (404).
        #expect(try Self.get(gateway, "/sushi/r51/reports/pr?api_key=\(harbinKey)").status == 400)
        #expect(try Self.get(gateway, "/sushi/r51/reports/dr?api_key=\(harbinKey)&begin_date=\(traffic)&end_date=\(traffic)").status == 404)

        // The tabular form: the 13 header rows, a blank row, the headings, then tab-separated rows with a column per month.
        let tabular = try Self.get(gateway, "/sushi/r51/reports/tr?customer_id=harbin&begin_date=\(before)&end_date=\(traffic)&format=tsv&attributes_to_show=Access_Type&api_key=\(harbinKey)")
        #expect(tabular.status == 200)
        let text = String(decoding: tabular.body, as: UTF8.self)
        #expect(text.hasPrefix("\u{FEFF}Report_Name\tTitle Report\n"))
        let lines = text.dropFirst().split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.prefix(13).map(\.first) == [
            "Report_Name", "Report_ID", "Release", "Institution_Name", "Institution_ID", "Metric_Types", "Report_Filters",
            "Report_Attributes", "Exceptions", "Reporting_Period", "Created", "Created_By", "Registry_Record",
        ])
        #expect(lines[2] == ["Release", "5.1"] && lines[3] == ["Institution_Name", "哈尔滨市图书馆"])
        #expect(lines[9] == ["Reporting_Period", "Begin_Date=\(before)-01; End_Date=\(Self.lastDay(months.traffic))"])
        #expect(lines[13] == [""])
        let headings = lines[14]
        #expect(Array(headings.suffix(6)) == ["Data_Type", "Access_Type", "Metric_Type", "Reporting_Period_Total", Self.tabularHeading(months.before), Self.tabularHeading(months.traffic)])
        let table = lines.dropFirst(15).filter { $0 != [""] }
        #expect(!table.isEmpty && table.allSatisfy { $0.count == headings.count })
        let gazetteerRequests = table.first { $0[0] == "哈尔滨市志 1931" && $0[headings.count - 4] == "Total_Item_Requests" }
        #expect(gazetteerRequests.map { Array($0.suffix(3)) } == ["6", "0", "6"])
        #expect(gazetteerRequests?[headings.count - 5] == "Open")

        // status (public), members and the report list.
        let status = try Self.get(gateway, "/sushi/r51/status")
        #expect(status.status == 200)
        #expect(((Self.json(status.body) as? [[String: Any]])?.first?["Service_Active"] as? Bool) == true)
        let ownMembers = try Self.get(gateway, "/sushi/r51/members?api_key=\(qiqiharKey)")
        #expect((Self.json(ownMembers.body) as? [[String: Any]])?.compactMap { $0["Customer_ID"] as? String } == ["qiqihar"])
        let allMembers = try Self.get(gateway, "/sushi/r51/members", headers: ["Authorization: Bearer \(admin)"])
        let customers = (Self.json(allMembers.body) as? [[String: Any]])?.compactMap { $0["Customer_ID"] as? String } ?? []
        #expect(customers.contains("harbin") && customers.contains("qiqihar") && !customers.contains("-"), "\(customers)")
        let list = try Self.get(gateway, "/sushi/r51/reports?customer_id=harbin&api_key=\(harbinKey)")
        let offered = Self.json(list.body) as? [[String: Any]] ?? []
        #expect(offered.compactMap { $0["Report_ID"] as? String } == ["PR", "TR", "IR"])
        #expect(offered.allSatisfy { $0["First_Month_Available"] as? String == traffic && $0["Last_Month_Available"] as? String == traffic })
        #expect(try Self.get(gateway, "/sushi/r51/reports?customer_id=harbin&api_key=\(qiqiharKey)").status == 403)
    }
}
