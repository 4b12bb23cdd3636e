import AdminConsole
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
}
