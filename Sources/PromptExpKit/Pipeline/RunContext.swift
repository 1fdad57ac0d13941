import AsyncHTTPClient
public import Foundation

/// What one process shares across everything it runs: one HTTP client sized for the run's
/// concurrency, the providers made on it (the run's and the judges'), the response cache
/// and the environment the keys come from. Made once per command, shut down at its end.
public final class RunContext {
    public let project: Project
    public let cache: ResponseCache
    public let environment: [String: String]
    let factory: ProviderFactory
    private let client: HTTPClient

    /// `concurrency`: the most calls in flight at once (judges' calls share the pool).
    public init(project: Project, concurrency: Int, environment: [String: String] = ProcessInfo.processInfo.environment)
    {
        self.project = project
        self.environment = environment
        cache = ResponseCache(directory: project.root.appendingPathComponent(ProjectLayout.cache))
        client = HTTPTransport.makeClient(concurrency: max(concurrency, 8))
        factory = ProviderFactory(
            transport: HTTPTransport(client: client, timeout: project.config.defaults.timeoutSeconds),
            environment: environment)
    }

    /// Makes a context sized for `settings`, runs `body` with it, and shuts it down
    /// whatever happened.
    public static func use<T>(
        project: Project, settings: RunSettings, _ body: (RunContext) async throws -> T
    ) async throws -> T {
        let context = RunContext(
            project: project,
            concurrency: OpenFilesLimit.clamp(settings.concurrency ?? project.config.defaults.concurrency).concurrency)
        do {
            let result = try await body(context)
            try await context.client.shutdown()
            return result
        } catch {
            try? await context.client.shutdown()
            throw error
        }
    }

    /// One provider per provider name the models use; each checks its key as it is made.
    func providers(for models: [ResolvedModel]) throws -> [String: any Provider] {
        var providers: [String: any Provider] = [:]
        for model in models where providers[model.provider.name] == nil {
            providers[model.provider.name] = try factory.provider(for: model.provider)
        }
        return providers
    }
}
