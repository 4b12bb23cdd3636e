public import Foundation

/// The durable daily download counters behind `downloads_per_day` (see ``DownloadQuota`` for what counts as one
/// download). The embedded implementation is ``DownloadQuota`` (SQLite); a shared database implements the same
/// requirements with one atomic statement per admission, so limits stay exact across nodes.
public protocol DownloadCounter: Sendable {
    /// Decides whether `subject` may fetch `assetID` from `client` under `downloads_per_day: limit`, counting a new
    /// download when one starts.
    func admit(subject: String, assetID: String, client: String, limit: Int, now: Date) async throws -> DownloadQuota.Outcome
    /// What ``admit(subject:assetID:client:limit:now:)`` would decide now, counting nothing.
    func wouldAdmit(subject: String, assetID: String, client: String, limit: Int, now: Date) async throws -> DownloadQuota.Outcome
    /// Downloads `subject` has started on the day containing `date`.
    func used(subject: String, on date: Date) async throws -> Int
    /// Deletes windows opened before `cutoff`; returns how many.
    func purge(olderThan cutoff: Date) async throws -> Int
}

extension DownloadCounter {
    public func admit(subject: String, assetID: String, client: String, limit: Int) async throws -> DownloadQuota.Outcome {
        try await admit(subject: subject, assetID: assetID, client: client, limit: limit, now: Date())
    }

    public func wouldAdmit(subject: String, assetID: String, client: String, limit: Int) async throws -> DownloadQuota.Outcome {
        try await wouldAdmit(subject: subject, assetID: assetID, client: client, limit: limit, now: Date())
    }

    public func used(subject: String) async throws -> Int {
        try await used(subject: subject, on: Date())
    }
}

extension DownloadQuota: DownloadCounter {}
