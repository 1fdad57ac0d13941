public import Foundation

/// The one way the tests start the built binary: in the repository (or `folder`), as a
/// user would, with no user or system git config, no colour, and a home of its own.
extension ScratchRepository {
    /// `extra` is added to that environment; `environment` replaces it whole.
    public func promptexp(
        _ arguments: [String], in folder: URL? = nil, extra: [String: String] = [:],
        environment: [String: String]? = nil, input: String? = nil, timeout: TimeInterval = 120
    ) throws -> ProcessResult {
        try ProcessRunner.run(
            PackagePaths.binary, arguments, in: folder ?? root,
            environment: environment ?? ProcessRunner.isolatedEnvironment(home: home.url, extra: extra), input: input,
            timeout: timeout)
    }

    public func promptexp(_ arguments: String..., input: String? = nil, timeout: TimeInterval = 120) throws
        -> ProcessResult
    {
        try promptexp(arguments, input: input, timeout: timeout)
    }
}
