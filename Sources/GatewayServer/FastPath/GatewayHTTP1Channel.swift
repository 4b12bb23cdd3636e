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
            // NIO's server pipeline pairs the request decoder with the response encoder: the decoder queues each
            // request's method and the encoder pops one per response head it encodes, to drop the body of a HEAD
            // response. The fast path answers requests with heads of its own that never pass the encoder, so the
            // queue would fall behind: after a HEAD answered here, the next response from the router was taken for
            // the HEAD's and sent without its body (a hung download), and the queue grew with every fast-path
            // answer. The decoder is replaced by an unpaired one with the same limits; the encoder frames from the
            // status alone, and the router sends no body to a HEAD itself (ContentResponder, Hummingbird's HEAD).
            let paired = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = base.configuration.httpDecoder.maxHeaderFieldSize
            limits.maxHeaderListSize = base.configuration.httpDecoder.maxHeaderListSize
            limits.maxHeaderFieldCount = base.configuration.httpDecoder.maxHeaderFieldCount
            let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits))
            try operations.addHandler(decoder, position: .after(paired))
            operations.removeHandler(paired, promise: nil)
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
