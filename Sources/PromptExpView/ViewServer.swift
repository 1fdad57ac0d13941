public import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import PromptExpKit

/// `promptexp view`: a local web page over the repository, served by Hummingbird. It reads
/// what the command line reads (prompts and their versions, diffs, experiments and their
/// runs, a row at a time) from git, so it shows the same truth from any branch.
public struct ViewServer: Sendable {
    public let root: URL
    /// The address it binds: 127.0.0.1 unless told otherwise.
    public let host: String
    /// 0 picks a free port.
    public let port: Int
    /// Required on every API request; printed in the URL.
    public let token: String
    /// What the server keeps between requests (see `ViewCaches`).
    let caches = ViewCaches()

    public init(root: URL, host: String = "127.0.0.1", port: Int = 0, token: String = ViewServer.newToken()) {
        self.root = root
        self.host = host
        self.port = port
        self.token = token
    }

    /// A random token of 128 bits, hex.
    public static func newToken() -> String {
        (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// The routes, behind the request guard.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestGuard(hostNames: ["127.0.0.1", "localhost", "::1", host], token: token))
        let api = ViewAPI(root: root, caches: caches)
        router.get("/") { _, _ in ViewResponse.html(ViewPage.html) }
        router.get("/api/prompts") { _, _ in await Self.answer { try api.prompts() } }
        router.get("/api/versions") { request, _ in
            await Self.answer { try api.versions(prompt: try Self.parameter("prompt", in: request)) }
        }
        router.get("/api/diff") { request, _ in
            await Self.answer {
                try api.diff(
                    prompt: try Self.parameter("prompt", in: request), old: try Self.parameter("old", in: request),
                    new: try Self.parameter("new", in: request))
            }
        }
        router.get("/api/experiments") { _, _ in await Self.answer { try api.experiments() } }
        router.get("/api/report") { request, _ in
            await Self.awaitedAnswer { try await api.report(experiment: try Self.parameter("experiment", in: request)) }
        }
        router.get("/api/overview") { request, _ in
            await Self.awaitedAnswer {
                try await api.overview(experiment: try Self.parameter("experiment", in: request))
            }
        }
        router.get("/api/status") { _, _ in await Self.answer { try api.status() } }
        router.get("/api/image") { request, _ in
            do {
                return ViewResponse.image(
                    try api.image(
                        experiment: try Self.parameter("experiment", in: request),
                        path: try Self.parameter("path", in: request)))
            } catch {
                return ViewResponse.error(for: error)
            }
        }
        let board = RunBoard()
        let actions = ViewActions(root: root, board: board, caches: caches)
        router.get("/api/models") { _, _ in await Self.answer { try api.models() } }
        router.get("/api/datasets") { _, _ in await Self.answer { try api.datasets() } }
        router.post("/api/experiments") { request, _ in
            var request = request
            let body = try await Self.body(&request)
            return await Self.answer(status: .created) { try actions.createExperiment(body) }
        }
        router.get("/api/candidate") { request, _ in
            await Self.answer { try actions.candidate(try Self.parameter("experiment", in: request)) }
        }
        router.put("/api/candidate") { request, _ in
            var request = request
            let body = try await Self.body(&request)
            return await Self.answer { [request] in
                try actions.saveCandidate(try Self.parameter("experiment", in: request), body)
            }
        }
        router.get("/api/plan") { request, _ in
            do {
                return ViewResponse.json(try await actions.plan(try Self.parameter("experiment", in: request)))
            } catch {
                return ViewResponse.error(for: error)
            }
        }
        router.get("/api/compare") { request, _ in
            do {
                let names = try Self.parameter("experiments", in: request).split(separator: ",").map(String.init)
                return ViewResponse.json(try await actions.compare(names))
            } catch {
                return ViewResponse.error(for: error)
            }
        }
        router.post("/api/run") { request, _ in
            await Self.answer(status: .accepted) { try actions.startRun(try Self.parameter("experiment", in: request)) }
        }
        router.get("/api/run") { request, _ in
            await Self.answer {
                board.status(try ViewAPI.experimentName(try Self.parameter("experiment", in: request)))
            }
        }
        router.post("/api/cancel") { request, _ in
            await Self.answer {
                let name = try ViewAPI.experimentName(try Self.parameter("experiment", in: request))
                return ["cancelled": .bool(board.cancel(name))]
            }
        }
        router.get("/api/runs") { request, _ in
            await Self.answer { try api.runs(experiment: try Self.parameter("experiment", in: request)) }
        }
        router.get("/api/results-diff") { request, _ in
            await Self.answer {
                try api.resultsDiff(
                    experiment: try Self.parameter("experiment", in: request),
                    old: try Self.parameter("old", in: request),
                    new: try Self.parameter("new", in: request))
            }
        }
        router.get("/api/labels") { request, _ in
            await Self.answer { try api.labels(experiment: try Self.parameter("experiment", in: request)) }
        }
        router.post("/api/labels") { request, _ in
            var request = request
            let body = try await Self.body(&request)
            return await Self.answer(status: .created) { [request] in
                try actions.label(try Self.parameter("experiment", in: request), body)
            }
        }
        router.post("/api/promote") { request, _ in
            await Self.answer {
                try actions.promote(
                    try Self.parameter("experiment", in: request), force: request.uri.queryParameters["force"] == "1")
            }
        }
        router.get("/api/rows") { request, _ in
            await Self.awaitedAnswer {
                try await api.rows(
                    experiment: try Self.parameter("experiment", in: request), query: try Self.rowQuery(request))
            }
        }
        return router
    }

    /// Makes the pages' costly answers for the experiments changed last (see
    /// `ViewAPI.warm`).
    func warm() async {
        await ViewAPI(root: root, caches: caches).warm()
    }

    /// The server, ready to run; `onRunning` gets the port it bound.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = Logger(label: "promptexp-view")
        // The command line prints what a person needs; the server's own notes stay quiet.
        logger.logLevel = .warning
        return Application(
            router: router(), configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                await onRunning(channel.localAddress?.port ?? port)
                // In the background: the pages answer meanwhile, and one that needs an
                // answer being made waits for it rather than making it again.
                Task.detached(priority: .background) { await warm() }
            }, logger: logger)
    }

    /// Serves until SIGINT or SIGTERM, then stops cleanly.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await application(onRunning: onRunning).runService()
    }

    /// The JSON `body` makes, or the error it throws as its status; made off the
    /// cooperative pool (`blockingWork`): every answer reads git and files.
    private static func answer(
        status: HTTPResponse.Status = .ok, _ body: @escaping @Sendable () throws -> JSONValue
    ) async -> Response {
        do {
            return ViewResponse.json(try await blockingWork(body), status: status)
        } catch {
            return ViewResponse.error(for: error)
        }
    }

    private static func awaitedAnswer(_ body: () async throws -> JSONValue) async -> Response {
        do {
            return ViewResponse.json(try await body())
        } catch {
            return ViewResponse.error(for: error)
        }
    }

    /// The request's JSON body (at most 1 MiB).
    private static func body(_ request: inout Request) async throws -> JSONValue {
        let buffer = try await request.collectBody(upTo: 1 << 20)
        do {
            return try JSONValue.parse(Data(String(buffer: buffer).utf8))
        } catch {
            return .null
        }
    }

    private static func parameter(_ name: String, in request: Request) throws -> String {
        guard let value = request.uri.queryParameters[name[...]], !value.isEmpty else {
            throw ViewRequestError.badRequest("missing parameter: \(name)")
        }
        return String(value)
    }

    private static func rowQuery(_ request: Request) throws -> ViewAPI.RowQuery {
        let parameters = request.uri.queryParameters
        var query = ViewAPI.RowQuery()
        let filters = Set((parameters["filter"].map(String.init) ?? "").split(separator: ",").map(String.init))
        let known: Set<String> = ["changed", "worse", "better", "failing", "errors"]
        guard filters.isSubset(of: known) else {
            throw ViewRequestError.badRequest(
                "unknown filter: \(filters.subtracting(known).sorted().joined(separator: ", "))")
        }
        query.filter = (
            filters.contains("changed"), filters.contains("worse"), filters.contains("better"),
            filters.contains("failing"),
            filters.contains("errors")
        )
        query.model = parameters["model"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        query.text = parameters["q"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        func number(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = parameters[name[...]] else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw ViewRequestError.badRequest(
                    "\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        switch parameters["sort"].map(String.init) ?? "" {
        case "", "row": query.sortByChange = nil
        case "change": query.sortByChange = false
        case "-change": query.sortByChange = true
        case let other: throw ViewRequestError.badRequest("unknown sort: \(other) (row, change or -change)")
        }
        query.offset = try number("offset", default: 0, range: 0...Int(Int32.max))
        query.limit = try number("limit", default: 50, range: 1...500)
        return query
    }
}
