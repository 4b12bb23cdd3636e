import Audit
import Foundation
import Hummingbird
import Logging
import NIOCore
import PostgresStore

/// The COUNTER_SUSHI API, Release 5.1 (Code of Practice section 8), under `/sushi`: each member library's
/// electronic-resource management system harvests its own COUNTER reports.
///
/// - `GET /sushi/r51/status`: public.
/// - `GET /sushi/r51/members`, `/sushi/r51/reports`, `/sushi/r51/reports/{pr,tr,ir}`: a library key (the gateway's
///   own API keys, as `api_key` query parameter or `Authorization: Bearer`) harvests its own library only (its
///   `customer_id`, which may be left out); an admin key any member library.
///
/// Report parameters: `customer_id`, `begin_date` and `end_date` (`yyyy-MM` or `yyyy-MM-dd`), `attributes_to_show`,
/// `data_type`, `access_type`, `access_method`, `metric_type`, `granularity` (`Month`), `platform` and `requestor_id`
/// (accepted, not needed), and the gateway's `format=tsv` for the tabular form. Errors that stop a request are one
/// Exception (`{"Code", "Message", "Data"}`) with the status of Appendix D; the others travel in the report header.
struct SushiRoutes: Sendable {
    let services: GatewayServices

    var reports: CounterReports { CounterReports(services: services) }

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/sushi/r51/status", use: status)
        router.get("/sushi/r51/members", use: members)
        router.get("/sushi/r51/reports", use: reportList)
        router.get("/sushi/r51/reports/:report", use: report)
    }

    // MARK: paths

    /// `GET /sushi/r51/status`: whether usage is being recorded, and alerts when records were lost.
    @Sendable func status(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var entry = StatusEntry(
            description: "COUNTER Release 5.1 usage of the member libraries on \(CounterReports.platform.name).",
            serviceActive: services.configuration.auditEnabled, registryRecord: CounterReports.platform.registryRecord)
        if !services.configuration.auditEnabled {
            entry.note = "Usage is not being recorded on this gateway (audit_enabled is off)."
        }
        let dropped = services.audit.droppedRecords
        if dropped > 0 {
            entry.alerts = [
                Alert(dateTime: Date().formatted(.iso8601), alert: "\(dropped) usage records could not be written since the gateway started and are missing from reports.")
            ]
        }
        return Self.json([entry], status: .ok)
    }

    /// `GET /sushi/r51/members`: the caller's library (library key), or every member library (admin key, or the one
    /// named by `customer_id`).
    @Sendable func members(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        await answer {
            let caller = try await caller(request)
            let customer = request.uri.queryParameters["customer_id"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            let ids: [String]
            switch caller {
            case .library(let library):
                if let customer, customer != library { throw CounterException.notAuthorizedForInstitution(customer) }
                ids = [library]
            case .admin:
                if let customer {
                    ids = [try await knownCustomer(customer)]
                } else {
                    let lastMonth = CounterMonth.containing(Date(), in: services.configuration.reportTimeZone).adding(months: -1)
                    ids = try await reports.members(recordsFrom: lastMonth)
                }
            }
            let platform = CounterReports.platform
            let members = ids.map { id in
                Member(
                    customerID: id, institutionName: reports.institution(id).name,
                    institutionID: ["Proprietary": [platform.namespace + ":" + id]])
            }
            return Self.json(members, status: .ok)
        }
    }

    /// `GET /sushi/r51/reports`: the reports offered and the months they have data for.
    @Sendable func reportList(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        await answer {
            let caller = try await caller(request)
            if let customer = request.uri.queryParameters["customer_id"].map(String.init), !customer.isEmpty {
                _ = try await authorizedCustomer(customer, caller: caller)
            }
            let months = try await reports.availableMonths(now: Date())
            let list = CounterReportKind.allCases.map { kind in
                ReportInfo(
                    reportName: kind.reportName, reportID: kind.reportID, release: "5.1", reportDescription: kind.reportDescription,
                    path: "/r51/reports/" + kind.rawValue, firstMonthAvailable: months.first.key, lastMonthAvailable: months.last.key)
            }
            return Self.json(list, status: .ok)
        }
    }

    /// `GET /sushi/r51/reports/{pr,tr,ir}`: a report, as COUNTER JSON (or TSV with `format=tsv`).
    @Sendable func report(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        await answer {
            let name = (context.parameters.get("report") ?? "").lowercased()
            guard let kind = CounterReportKind(rawValue: name) else {
                throw CounterException.reportNotSupported("'\(name)' is not offered; the reports are pr, tr and ir")
            }
            let caller = try await caller(request)
            let query = request.uri.queryParameters
            func value(_ key: String) -> String? {
                query[Substring(key)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            }
            let customer: String
            switch (caller, value("customer_id")) {
            case (_, let named?): customer = try await authorizedCustomer(named, caller: caller)
            case (.library(let library), nil): customer = library
            case (.admin, nil): throw CounterException.insufficientInformation("customer_id is required")
            }
            guard let beginText = value("begin_date"), let endText = value("end_date") else {
                throw CounterException.insufficientInformation("begin_date and end_date are required (yyyy-MM or yyyy-MM-dd)")
            }
            guard let begin = CounterMonth(parsing: beginText) else {
                throw CounterException.invalidDates("begin_date '\(beginText)' is not yyyy-MM or yyyy-MM-dd")
            }
            guard let end = CounterMonth(parsing: endText) else {
                throw CounterException.invalidDates("end_date '\(endText)' is not yyyy-MM or yyyy-MM-dd")
            }
            let parsed = Self.options(
                kind: kind, query: query.map { (String($0.key), String($0.value)) })
            let report = try await reports.report(
                kind: kind, customer: customer, begin: begin, end: end, options: parsed.options, exceptions: parsed.exceptions)
            let rendered = CounterReports.rendered(report, format: parsed.format)
            var headers = HTTPFields()
            headers[.contentType] = rendered.contentType
            headers[.cacheControl] = "no-store"
            if parsed.format == .tsv { headers[.contentDisposition] = "attachment; filename=\"\(rendered.fileName)\"" }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: rendered.body)))
        }
    }

    // MARK: parameters

    /// The report's options from the query, with the Exceptions for what was not understood (3050 unknown
    /// parameters, 3060 filter values, 3062 attribute values); unusable parts are ignored, as Appendix D asks.
    static func options(kind: CounterReportKind, query: [(String, String)])
        -> (options: CounterReportOptions, exceptions: [CounterException], format: CounterReports.Format)
    {
        var options = CounterReportOptions()
        var exceptions: [CounterException] = []
        var unknown: [String] = []
        var invalidFilters: [String] = []
        var invalidAttributes: [String] = []
        var format = CounterReports.Format.json
        func values(_ text: String) -> [String] { text.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        for (key, value) in query {
            switch key {
            case "customer_id", "begin_date", "end_date", "api_key", "requestor_id": continue
            case "platform":
                if value != CounterReports.platform.namespace && value != CounterReports.platform.name {
                    invalidFilters.append("platform=\(value)")
                }
            case "attributes_to_show":
                for name in values(value) {
                    if name == CounterAttribute.dataType.rawValue { continue }  // always shown
                    if let attribute = CounterAttribute(rawValue: name), kind.optionalAttributes.contains(attribute) {
                        if !options.attributesToShow.contains(attribute) { options.attributesToShow.append(attribute) }
                    } else {
                        invalidAttributes.append(name)
                    }
                }
            case "data_type":
                let (valid, invalid) = split(values(value), Self.dataTypes)
                options.dataTypes = (options.dataTypes ?? []) + valid
                invalidFilters += invalid.map { "data_type=\($0)" }
            case "access_method":
                let (valid, invalid) = split(values(value), ["Regular", "TDM"])
                options.accessMethods = (options.accessMethods ?? []) + valid
                invalidFilters += invalid.map { "access_method=\($0)" }
            case "access_type" where kind != .pr:
                let (valid, invalid) = split(values(value), CounterAccessType.allCases.map(\.rawValue))
                options.accessTypes = (options.accessTypes ?? []) + valid
                invalidFilters += invalid.map { "access_type=\($0)" }
            case "metric_type":
                let (valid, invalid) = split(values(value), kind.metrics.map(\.rawValue))
                options.metricTypes = (options.metricTypes ?? []) + valid.compactMap(CounterMetric.init(rawValue:))
                invalidFilters += invalid.map { "metric_type=\($0)" }
            case "granularity":
                if value != "Month" { invalidAttributes.append("granularity=\(value)") }
            case "format":
                if let chosen = CounterReports.Format(rawValue: value.lowercased()) { format = chosen } else { invalidFilters.append("format=\(value)") }
            default:
                unknown.append(key)
            }
        }
        if !unknown.isEmpty { exceptions.append(.parameterNotRecognized(unknown.sorted().joined(separator: "|"))) }
        if !invalidFilters.isEmpty { exceptions.append(.invalidFilter(invalidFilters.joined(separator: "|"))) }
        if !invalidAttributes.isEmpty { exceptions.append(.invalidAttribute(invalidAttributes.joined(separator: "|"))) }
        return (options, exceptions, format)
    }

    /// `values` split into those in `allowed` and the rest.
    private static func split(_ values: [String], _ allowed: [String]) -> (valid: [String], invalid: [String]) {
        (values.filter(allowed.contains), values.filter { !allowed.contains($0) })
    }

    /// The Data_Types of the Code of Practice (a valid one the gateway never reports simply matches nothing).
    static let dataTypes = [
        "Article", "Audiovisual", "Book", "Book_Segment", "Conference", "Conference_Item", "Database_AI", "Database_Aggregated",
        "Database_Full", "Database_Full_Item", "Dataset", "Image", "Interactive_Resource", "Journal", "Multimedia", "News_Item",
        "Newspaper_or_Newsletter", "Other", "Patent", "Platform", "Reference_Item", "Reference_Work", "Report", "Software", "Sound",
        "Standard", "Thesis_or_Dissertation", "Unspecified",
    ]

    // MARK: who is asking

    enum Caller: Sendable {
        case admin
        case library(String)
    }

    /// The caller's key, from `api_key` or `Authorization: Bearer` (the gateway's own API keys; no other scheme).
    func caller(_ request: Request) async throws -> Caller {
        var token = request.uri.queryParameters["api_key"].map(String.init)
        if token == nil, let header = request.headers[.authorization] {
            guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
                throw CounterException.apiKeyInvalid("the Authorization header must be 'Bearer KEY'")
            }
            token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        guard let token, !token.isEmpty else {
            throw CounterException.requestorNotAuthorized("give the library's API key as the api_key parameter or as Authorization: Bearer")
        }
        guard let key = try await services.apiKeys.authenticate(token: token) else {
            throw CounterException.apiKeyInvalid("the key is unknown or revoked")
        }
        switch key.kind {
        case .admin: return .admin
        case .library:
            guard let library = key.library, !library.isEmpty else { throw CounterException.apiKeyInvalid("the key names no library") }
            return .library(library)
        }
    }

    /// `customer` when `caller` may harvest it: a library its own, an admin any member library.
    func authorizedCustomer(_ customer: String, caller: Caller) async throws -> String {
        switch caller {
        case .library(let library):
            guard customer == library else {
                throw CounterException.notAuthorizedForInstitution("this key harvests \(library) only, not \(customer)")
            }
            return customer
        case .admin:
            return try await knownCustomer(customer)
        }
    }

    /// `customer` when it is a member library (listed, holding a key, or with records in the last 25 months).
    func knownCustomer(_ customer: String) async throws -> String {
        if try await reports.members().contains(customer) { return customer }
        let first = CounterMonth.containing(Date(), in: services.configuration.reportTimeZone).adding(months: -25)
        guard try await reports.members(recordsFrom: first).contains(customer) else {
            throw CounterException.notAuthorizedForInstitution("\(customer) is not a member library")
        }
        return customer
    }

    // MARK: answers

    /// Runs `body`; an Exception thrown becomes its JSON answer, any other failure Exception 1000 (503).
    func answer(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let exception as CounterException {
            return Self.exception(exception)
        } catch let error as PostgresStoreError where error.isUnavailable {
            services.logger.error("COUNTER_SUSHI: shared database unavailable", metadata: ["error": "\(error)"])
            return Self.exception(.serviceNotAvailable("the gateway cannot reach its database just now; try again in a few minutes"))
        } catch {
            services.logger.error("COUNTER_SUSHI: request failed", metadata: ["error": "\(String(reflecting: error))"])
            return Self.exception(.serviceNotAvailable("the usage data cannot be read just now; try again later"))
        }
    }

    /// One Exception as the whole answer, with the status of its code.
    static func exception(_ exception: CounterException) -> Response {
        var response = json(exception, status: HTTPResponse.Status(code: exception.httpStatus))
        switch exception.code {
        case 2000, 2020: response.headers[.wwwAuthenticate] = #"Bearer realm="literature-gateway""#
        case 1000, 1010: response.headers[.retryAfter] = "60"
        default: break
        }
        return response
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let data = (try? GatewayJSONEncoder.data(value)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: bodies

    struct StatusEntry: Encodable {
        var description: String
        var serviceActive: Bool
        var registryRecord: String
        var note: String?
        var alerts: [Alert]?

        enum CodingKeys: String, CodingKey {
            case description = "Description"
            case serviceActive = "Service_Active"
            case registryRecord = "Registry_Record"
            case note = "Note"
            case alerts = "Alerts"
        }
    }

    struct Alert: Encodable {
        var dateTime: String
        var alert: String
        enum CodingKeys: String, CodingKey {
            case dateTime = "Date_Time"
            case alert = "Alert"
        }
    }

    struct Member: Encodable {
        var customerID: String
        var institutionName: String
        var institutionID: [String: [String]]
        enum CodingKeys: String, CodingKey {
            case customerID = "Customer_ID"
            case institutionName = "Institution_Name"
            case institutionID = "Institution_ID"
        }
    }

    struct ReportInfo: Encodable {
        var reportName: String
        var reportID: String
        var release: String
        var reportDescription: String
        var path: String
        var firstMonthAvailable: String
        var lastMonthAvailable: String
        enum CodingKeys: String, CodingKey {
            case reportName = "Report_Name"
            case reportID = "Report_ID"
            case release = "Release"
            case reportDescription = "Report_Description"
            case path = "Path"
            case firstMonthAvailable = "First_Month_Available"
            case lastMonthAvailable = "Last_Month_Available"
        }
    }
}
