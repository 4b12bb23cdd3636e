import ArgumentParser
import Audit
import Foundation
import GatewayServer

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Usage statistics from the audit log (JSON, or CSV with --csv): the monthly report for the province.",
        discussion: "Days are counted in the configured time zone (time_zone, default Asia/Shanghai); --from and --to are both included. Without them the report covers the current month; with only --from, up to the end of this month; with only --to, from the first day of that month.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "First day, e.g. 2026-11-01 (default: the first day of the current month).") var from: String?
    @Option(help: "Last day, e.g. 2026-11-30 (default: the last day of the current month).") var to: String?
    @Option(help: "Group by library, collection, day or action.") var by: String = "library"
    @Option(help: "Only this member library's requests (default: every library's).") var library: String?
    @Flag(help: "CSV instead of JSON.") var csv = false

    func run() async throws {
        guard let grouping = StatisticsGrouping(rawValue: by) else {
            throw CommandFailure("--by must be library, collection, day or action, not '\(by)'")
        }
        let services = try await options.openServices()
        let period: (from: Date, to: Date)
        do {
            let zone = services.configuration.timeZone
            let month = try UsagePeriod.currentMonth(timeZone: zone)
            var first = from ?? month.from
            if from == nil, let to, to.count >= 7 { first = String(to.prefix(7)) + "-01" }
            period = try UsagePeriod.parse(from: first, to: to ?? month.to, timeZone: zone)
        } catch let error as ConfigurationError {
            throw CommandFailure(error.description)
        }
        let rows = try await services.usage.statistics(
            from: period.from, to: period.to, by: grouping, timeZone: services.configuration.reportTimeZone, library: library)
        print(csv ? UsageReport.csv(rows, by: grouping) : UsageReport.json(rows, from: period.from, to: period.to, by: grouping), terminator: "")
    }
}
