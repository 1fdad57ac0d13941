import AsyncHTTPClient
import Foundation
import PromptExpKit

/// A command's evaluators, and the model calls their judges make: one HTTP client, the
/// response cache and a journal of its own (so interrupted scoring resumes), set up only
/// when some evaluator is a judge, and shut down when scoring is done.
final class EvaluationSession {
    let registry: EvaluatorRegistry
    let judge: JudgeCaller?
    private let client: HTTPClient?

    /// `names` are every evaluator the command will build; `output` names the journal.
    init(project: Project, names: [String], useCache: Bool, output: URL) throws {
        let plain = project.evaluatorRegistry
        guard plain.needsJudge(names) else {
            registry = plain
            judge = nil
            client = nil
            return
        }
        let config = project.config
        let client = HTTPTransport.makeClient()
        let judge = JudgeCaller(
            factory: ProviderFactory(
                transport: HTTPTransport(client: client, timeout: config.defaults.timeoutSeconds),
                environment: ProcessInfo.processInfo.environment),
            cache: useCache ? ResponseCache(directory: project.root.appendingPathComponent(ResponseCache.relativePath)) : nil,
            journal: try RunJournal(url: RunJournal.url(
                forOutput: output.appendingPathExtension("judges"), gitDirectory: project.repository.gitDirectory)),
            retry: RetryPolicy(maxRetries: config.defaults.maxRetries),
            requestsPerMinute: config.defaults.requestsPerMinute, tokensPerMinute: config.defaults.tokensPerMinute)
        self.client = client
        self.judge = judge
        registry = EvaluatorRegistry(config: config, root: project.root, judge: judge)
    }

    func evaluators(named names: [String], usedBy: String) throws -> [any Evaluator] {
        try registry.evaluators(named: names, usedBy: usedBy)
    }

    /// Runs `body`, then ends the session whatever happened.
    func use<T>(_ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            try await finish(succeeded: true)
            return result
        } catch {
            await close()
            throw error
        }
    }

    /// What the judges spent; nil when there were none.
    func ledger() async -> JudgeLedger? {
        await judge?.ledger
    }

    /// Ends the session: the journal goes once the judgements are written; the client is
    /// shut down on every path.
    func finish(succeeded: Bool) async throws {
        if succeeded { try judge?.finish() }
        await close()
    }

    func close() async {
        try? await client?.shutdown()
    }
}
