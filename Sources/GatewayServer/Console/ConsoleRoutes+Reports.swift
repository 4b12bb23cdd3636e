import AdminConsole
import Audit
import Delivery
import Foundation
import Logging
import HTTPTypes
import Hummingbird
import NIOCore

extension ConsoleRoutes {
    /// `GET /admin/reports`: the COUNTER report form (a library key: its own library; an administrator: any).
    @Sendable func reports(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        let session = console.session!
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = services.configuration.reportTimeZone
        let lastMonth = gregorian.date(byAdding: .month, value: -1, to: Date()) ?? Date()
        let parts = gregorian.dateComponents([.year, .month], from: lastMonth)
        var libraries = Set(services.libraries.ids)
        if let own = session.key.library { libraries.insert(own) }
        return page(
            .reports, console: console, title: console.word("reports"), section: .reports,
            values: [
                "isAdmin": session.key.kind == .admin, "libraries": libraries.sorted(),
                "month": String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0),
                "sushiURL": services.linkBaseURL + "/sushi/r51/",
            ])
    }

    /// `GET /admin/reports/download?library=&report=pr|tr|ir&begin=YYYY-MM&end=YYYY-MM&format=tsv|json`: a COUNTER
    /// R5.1 report as a file (a library key: its own library only, whatever `library` says otherwise: 403).
    @Sendable func downloadReport(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let console = try await signedIn(request, context: context)
        let session = console.session!
        let asked = console.query["library"].flatMap { $0.isEmpty ? nil : $0 }
        let customer: String
        if session.key.kind == .admin {
            guard let asked else { throw ConsoleAnswer(message(console, .badRequest, console.word("library"), back: "/admin/reports")) }
            customer = asked
        } else {
            guard asked == nil || asked == session.key.library, let own = session.key.library else {
                throw ConsoleAnswer(message(console, .forbidden, console.word("forbidden"), back: "/admin/reports"))
            }
            customer = own
        }
        guard let kind = CounterReportKind(rawValue: console.query["report"] ?? "") else {
            throw ConsoleAnswer(message(console, .badRequest, console.word("report"), back: "/admin/reports"))
        }
        let format = CounterReports.Format(rawValue: console.query["format"] ?? "tsv") ?? .tsv
        let rendered: CounterReports.Rendered
        do {
            rendered = try await CounterReports(services: services).render(
                kind: kind, customer: customer, begin: console.query["begin"] ?? "", end: console.query["end"] ?? "",
                format: format)
        } catch let exception as CounterException {
            throw ConsoleAnswer(message(console, .badRequest, console.word("badPeriod") + exception.message, back: "/admin/reports"))
        } catch {
            throw GatewayError.storeUnavailable(error, logger: services.logger)
        }
        var headers = Self.pageHeaders()
        headers[.contentType] = rendered.contentType
        headers[.contentDisposition] = "attachment; filename=\"\(rendered.fileName)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: rendered.body)))
    }
}
