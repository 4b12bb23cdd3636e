import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 channel with ``ConnectionTimeoutHandler`` and ``ContentFastPathHandler`` inserted right after
/// NIO's request decoder, and ``RawResponseWriter`` in front of everything, where the fast path writes the heads it
/// renders itself.
struct GatewayHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel
    let fastPath: ContentFastPath
    let timeouts: ConnectionTimeoutHandler.Limits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(RawResponseWriter(), position: .first)
            try operations.addHandler(ContentFastPathHandler(fastPath: fastPath), position: .after(decoder))
            // Right after the decoder, before the fast path: it sees every request and every response end.
            try operations.addHandler(ConnectionTimeoutHandler(limits: timeouts), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
