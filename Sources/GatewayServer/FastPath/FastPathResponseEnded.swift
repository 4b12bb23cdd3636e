/// Sent toward the socket by ``ContentFastPathHandler`` when a response it wrote past the HTTP encoder has ended.
struct FastPathResponseEnded: Sendable {}
