import NIOPosix

/// Runs blocking work (file system, SQLite outside GRDB, waiting for a transcode worker) on NIO's thread pool, never
/// on an event loop or the cooperative pool.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
