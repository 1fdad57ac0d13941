import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
public import PromptExpKit

/// A real HTTP server on 127.0.0.1 that speaks the OpenAI, Anthropic and Gemini wire
/// formats, for provider and runner tests. It can be told to be slow, to fail, to answer
/// 429 with Retry-After, to send a malformed body or to drop the connection, and it
/// records every request it receives.
public final class FakeProviderServer: @unchecked Sendable {
    // @unchecked: `state` is a locked box; the channel and group are only closed once.
    public enum Behaviour: Sendable, Equatable {
        case answer
        case slow(milliseconds: Int)
        /// Answered only when the test calls `releaseHeld()`: a test waits on a state, not a
        /// duration.
        case held
        case status(Int, body: String = #"{"error": {"message": "server error", "type": "server_error"}}"#)
        case rateLimited(retryAfter: String)
        case malformed
        case drop
    }

    public struct Request: Sendable {
        public let method: String
        public let uri: String
        public let headers: [(String, String)]
        public let body: String

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        public var json: JSONValue? { try? JSONValue.parse(Data(body.utf8)) }
    }

    final class State: @unchecked Sendable {
        // @unchecked: every field is read and written under `lock`.
        let lock = NSLock()
        var script: [Behaviour] = []
        var fallback: Behaviour = .answer
        var requests: [Request] = []
        var answer: @Sendable (Request) -> String = FakeProviderServer.defaultAnswer
        var usage = (input: 11, output: 7)
        var inFlight = 0
        var maxInFlight = 0
        /// Answers of held requests, each run on its connection's event loop when released.
        var held: [@Sendable () -> Void] = []
        /// The batch endpoints; their requests are not in `requests`.
        let batches = FakeBatchService()
        /// GitHub's comment endpoints, for the action's comment step.
        let github = FakeGitHubComments()

        /// What the fake model answers and the usage it reports, as they are now.
        var answering: (@Sendable (Request) -> String, (Int, Int)) {
            lock.withLock { (answer, (usage.input, usage.output)) }
        }

        func next(_ request: Request) -> (Behaviour, String, (Int, Int)) {
            lock.withLock {
                requests.append(request)
                inFlight += 1
                maxInFlight = max(maxInFlight, inFlight)
                let behaviour = script.isEmpty ? fallback : script.removeFirst()
                return (behaviour, answer(request), usage)
            }
        }
    }

    let state: State
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    public let port: Int

    /// `http://127.0.0.1:PORT`; append `/v1` for OpenAI-style clients.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel, port: Int, state: State) {
        self.state = state
        self.group = group
        self.channel = channel
        self.port = port
    }

    /// Starts a server on a free port of 127.0.0.1.
    public static func start() async throws -> FakeProviderServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let state = State()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FakeHTTPHandler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeProviderServer(group: group, channel: channel, port: channel.localAddress?.port ?? 0, state: state)
    }

    public func stop() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }

    /// Behaviours for the next requests, in order; after them, `fallback`.
    public func script(_ behaviours: [Behaviour], then fallback: Behaviour = .answer) {
        state.lock.withLock {
            state.script = behaviours
            state.fallback = fallback
        }
    }

    /// What the fake model answers; by default, a text derived from the last user message.
    public func answer(with respond: @escaping @Sendable (Request) -> String) {
        state.lock.withLock { state.answer = respond }
    }

    public func usage(input: Int, output: Int) {
        state.lock.withLock { state.usage = (input, output) }
    }

    /// GitHub's issue comments, as the action's comment step leaves them.
    public var github: FakeGitHubComments { state.github }

    /// The batch endpoints: what they were asked, and how they behave.
    public var batches: FakeBatchService { state.batches }

    /// The most requests the server was answering at the same time.
    public var maxConcurrentRequests: Int { state.lock.withLock { state.maxInFlight } }

    /// Requests held (`.held`) and not yet released.
    public var heldCount: Int { state.lock.withLock { state.held.count } }

    /// Answers every request held so far; returns how many.
    @discardableResult
    public func releaseHeld() -> Int {
        let answers = state.lock.withLock {
            defer { state.held.removeAll() }
            return state.held
        }
        for answer in answers { answer() }
        return answers.count
    }

    /// Every request received so far.
    public var requests: [Request] { state.lock.withLock { state.requests } }
    public var requestCount: Int { state.lock.withLock { state.requests.count } }

    public static let defaultAnswer: @Sendable (Request) -> String = { request in
        "answer to: " + (lastUserText(in: request) ?? "?")
    }

    /// The last user message of an OpenAI, Anthropic or Gemini request body.
    public static func lastUserText(in request: Request) -> String? {
        guard let json = request.json else { return nil }
        if let messages = json["messages"]?.arrayValue {
            return messages.last(where: { $0["role"] == "user" })?["content"]?.stringValue
        }
        if let contents = json["contents"]?.arrayValue {
            return contents.last(where: { $0["role"] == "user" })?["parts"]?.arrayValue?.first?["text"]?.stringValue
        }
        return nil
    }
}

/// Answers one request at a time on a connection, in the wire format its path implies.
final class FakeHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let state: FakeProviderServer.State
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(state: FakeProviderServer.State) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head else { return }
            let request = FakeProviderServer.Request(
                method: "\(head.method)", uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                body: String(buffer: body))
            let (answer, answerUsage) = state.answering
            let port = context.channel.localAddress?.port ?? 0
            if let (status, text, headers) = state.github.respond(
                method: request.method, uri: request.uri, body: request.body,
                authorization: request.header("authorization"), baseURL: "http://127.0.0.1:\(port)")
            {
                state.lock.withLock { state.inFlight += 1 }
                write(context: context, status: status, body: text, extraHeaders: headers)
                return
            }
            if let (status, text) = state.batches.respond(
                method: request.method, uri: request.uri, body: Data(request.body.utf8),
                baseURL: "http://127.0.0.1:\(port)", answer: answer, usage: answerUsage)
            {
                state.lock.withLock { state.inFlight += 1 }
                write(context: context, status: status, body: text)
                return
            }
            let (behaviour, text, usage) = state.next(request)
            // Offered tools are called when the message fits one, as a model would.
            let body =
                FakeToolChooser.call(for: request).map {
                    FakeToolChooser.success(uri: head.uri, call: $0, usage: usage)
                }
                ?? Self.success(uri: head.uri, text: text, usage: usage)
            respond(context: context, behaviour: behaviour, body: body)
        }
    }

    private func respond(context: ChannelHandlerContext, behaviour: FakeProviderServer.Behaviour, body: String) {
        switch behaviour {
        case .answer:
            write(context: context, status: 200, body: body)
        case .slow(let milliseconds):
            let loop = context.eventLoop.assumeIsolated()
            loop.scheduleTask(in: .milliseconds(Int64(milliseconds))) {
                self.write(context: context, status: 200, body: body)
            }
        case .held:
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            state.lock.withLock {
                state.held.append {
                    loop.execute {
                        let (handler, context) = bound.value
                        handler.write(context: context, status: 200, body: body)
                    }
                }
            }
        case .status(let code, let body):
            write(context: context, status: code, body: body)
        case .rateLimited(let retryAfter):
            write(
                context: context, status: 429, body: #"{"error": {"message": "rate limited", "type": "rate_limit"}}"#,
                extraHeaders: [("retry-after", retryAfter)])
        case .malformed:
            write(context: context, status: 200, body: #"{"choices": [{"mess"#)
        case .drop:
            state.lock.withLock { state.inFlight -= 1 }
            context.close(promise: nil)
        }
    }

    private func write(context: ChannelHandlerContext, status: Int, body: String, extraHeaders: [(String, String)] = [])
    {
        state.lock.withLock { state.inFlight -= 1 }
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(body.utf8.count))
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// A successful answer in the format the path belongs to.
    static func success(uri: String, text: String, usage: (Int, Int)) -> String {
        let value: JSONValue
        if uri.contains(":generateContent") {
            value = [
                "candidates": [
                    ["content": ["role": "model", "parts": [["text": .string(text)]]], "finishReason": "STOP"]
                ],
                "usageMetadata": [
                    "promptTokenCount": .int(usage.0), "candidatesTokenCount": .int(usage.1),
                    "totalTokenCount": .int(usage.0 + usage.1),
                ],
            ]
        } else if uri.hasSuffix("/messages") {
            value = [
                "id": "msg_fake", "type": "message", "role": "assistant", "model": "fake",
                "content": [["type": "text", "text": .string(text)]], "stop_reason": "end_turn",
                "usage": ["input_tokens": .int(usage.0), "output_tokens": .int(usage.1)],
            ]
        } else {
            value = [
                "id": "chatcmpl-fake", "object": "chat.completion", "model": "fake",
                "choices": [
                    ["index": 0, "message": ["role": "assistant", "content": .string(text)], "finish_reason": "stop"]
                ],
                "usage": [
                    "prompt_tokens": .int(usage.0), "completion_tokens": .int(usage.1),
                    "total_tokens": .int(usage.0 + usage.1),
                ],
            ]
        }
        return value.canonicalJSON
    }
}
