import PostgresNIO

extension PostgresRowSequence {
    /// The first row decoded as `T` (nil when there is none), reading the sequence to its end so the connection is
    /// ready for the next statement.
    func single<T: PostgresDecodable>(_ type: T.Type) async throws -> T? {
        var first: T?
        for try await value in decode(T.self) where first == nil { first = value }
        return first
    }

    func single<each T: PostgresDecodable>(_ types: (repeat each T).Type) async throws -> (repeat each T)? {
        var first: (repeat each T)?
        for try await row in decode((repeat each T).self) where first == nil { first = row }
        return first
    }
}
