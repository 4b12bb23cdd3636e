/// A snapshot of one queued or running job, for `202` answers (`percent`, `eta_seconds`).
public struct TranscodeProgress: Sendable, Hashable {
    /// Whether the job waits for a thread or is being made.
    public enum State: String, Sendable, Hashable {
        case queued
        case running
    }

    public var state: State
    /// Fraction done, 0…1.
    public var fraction: Double
    /// Estimated seconds until done (from the rate so far), `nil` until there is a rate.
    public var etaSeconds: Double?
    /// How many callers wait for this job.
    public var waiters: Int

    /// Whole percent done, for progress JSON.
    public var percent: Int { Int((fraction * 100).rounded(.down)) }
}
