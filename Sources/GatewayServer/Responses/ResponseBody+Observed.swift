import Hummingbird
import NIOCore

extension ResponseBody {
    /// This body, counting the bytes it writes; `completion` runs once when writing ends — finished, failed, or the
    /// client went away — with the bytes handed to the connection and whether the body was written completely.
    func observed(_ completion: @escaping @Sendable (_ bytesWritten: Int, _ completed: Bool) async -> Void) -> ResponseBody {
        let body = self
        return ResponseBody(contentLength: body.contentLength) { writer in
            let tally = ByteTally()
            do {
                try await body.write(TallyingBodyWriter(parent: writer, tally: tally))
            } catch {
                await completion(tally.bytes, false)
                throw error
            }
            await completion(tally.bytes, true)
        }
    }
}
