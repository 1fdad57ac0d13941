import Foundation

/// One recorded batch as its provider now reports it (or why it could not be asked).
public struct BatchStanding: Sendable {
    public let entry: BatchLedger.Entry
    public let status: BatchStatus?
    public let problem: String?
}

extension RunContext {
    /// Asks each provider about the open batches of `ledger`, one at a time; a provider
    /// that cannot be asked (no key, unreachable) is reported as the problem.
    public func standings(of ledger: BatchLedger) async -> [BatchStanding] {
        var standings: [BatchStanding] = []
        for entry in ledger.open {
            guard let id = entry.id else {
                standings.append(
                    BatchStanding(
                        entry: entry, status: nil,
                        problem: "submission not confirmed: the next run looks for it by its label"))
                continue
            }
            do {
                let api = try batchAPI(provider: entry.provider)
                standings.append(BatchStanding(entry: entry, status: try await api.status(of: id), problem: nil))
            } catch {
                standings.append(BatchStanding(entry: entry, status: nil, problem: "\(error)"))
            }
        }
        return standings
    }

    /// Asks each provider to cancel the open batches of `ledger`. Requests a batch has
    /// answered are kept; the next run collects them and records the rest as cancelled.
    public func cancel(_ ledger: BatchLedger) async -> [BatchStanding] {
        var results: [BatchStanding] = []
        for entry in ledger.open {
            guard let id = entry.id else { continue }
            do {
                let api = try batchAPI(provider: entry.provider)
                try await api.cancel(id)
                results.append(BatchStanding(entry: entry, status: try await api.status(of: id), problem: nil))
            } catch {
                results.append(BatchStanding(entry: entry, status: nil, problem: "\(error)"))
            }
        }
        return results
    }

    /// The batch API of the configured provider `name`.
    func batchAPI(provider name: String) throws -> any BatchAPI {
        guard let config = project.config.providers[name] ?? ProviderConfig.builtIn[name] else {
            throw ProviderSetupError.unknownProvider(name, known: project.config.providers.keys.sorted())
        }
        guard let api = try factory.provider(for: config).batchAPI else {
            throw BatchError.noBatchProvider(models: [name])
        }
        return api
    }
}

extension Project {
    /// The batches experiment `name` has open: the working tree's ledger on its branch,
    /// else the one committed at the branch's tip.
    public func experimentLedger(_ name: String) throws -> BatchLedger {
        let path = ProjectLayout.experimentBatches(name)
        if (try? currentExperimentName()) == name {
            return try BatchLedger.load(from: repository.workingFile(path), displayPath: path)
        }
        _ = try experiment(named: name)
        guard let tip = try repository.branchTip(Self.experimentBranchPrefix + name),
            let data = try repository.fileData(at: path, in: tip)
        else { return BatchLedger() }
        return try BatchLedger.parse(data, displayPath: "exp/\(name):\(path)")
    }
}
