import NIOCore

/// The first handler of a connection's pipeline, next to the socket: it passes every write on unchanged. Its context
/// is where ``ContentFastPathHandler`` writes a response head it has already rendered as bytes, so the head goes to the
/// socket without being rebuilt and re-validated by NIO's HTTP encoder. The fast path writes there only while no
/// response from the router is under way, so the two never interleave.
final class RawResponseWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData
}
