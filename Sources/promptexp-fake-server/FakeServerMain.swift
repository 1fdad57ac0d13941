import Foundation
import PromptExpTestSupport

/// Serves the fake provider on 127.0.0.1 for benchmarks: `promptexp-fake-server --delay-ms 100`
/// prints `port N` and answers until it is killed. `--batch-polls N`: its batches end after
/// N status requests (default 1).
@main
enum FakeServerMain {
    static func main() async throws {
        let arguments = CommandLine.arguments
        var delay = 0
        if let flag = arguments.firstIndex(of: "--delay-ms"), flag + 1 < arguments.count {
            delay = Int(arguments[flag + 1]) ?? 0
        }
        let server = try await FakeProviderServer.start()
        if let flag = arguments.firstIndex(of: "--batch-polls"), flag + 1 < arguments.count,
            let polls = Int(arguments[flag + 1])
        {
            var behaviour = FakeBatchService.Behaviour()
            behaviour.pollsUntilDone = polls
            server.batches.behave(behaviour)
        }
        server.script([], then: delay > 0 ? .slow(milliseconds: delay) : .answer)
        FileHandle.standardOutput.write(Data("port \(server.port)\n".utf8))
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
