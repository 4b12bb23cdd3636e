/// `GET /healthz`: `{"status": "ok"}`.
struct StatusBody: Encodable, Sendable {
    var status = "ok"
}
