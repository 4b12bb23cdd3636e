/// `POST /admin/policies/reload` when the files load: `{"reloaded": true, "errors": []}`.
struct ReloadBody: Encodable, Sendable {
    var reloaded = true
    var errors: [String] = []
}
