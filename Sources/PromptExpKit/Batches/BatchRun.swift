public import Foundation

/// One pass of batch mode over a plan: finds submissions cut short, collects the batches
/// that ended (their answers go to the run journal and the cache, like any call's), and
/// submits every call that nothing answers yet and no open batch holds. The run itself
/// then completes from the journal once no batch is open.
///
/// Calls whose provider has no batch API (the mock) are left for the run to make directly.
/// Each submission is recorded in the ledger before the batch is created and again with
/// its id, so however the process ends, a batch is never created twice for the same calls.
public struct BatchRun {
    public let plan: RunPlan
    public let providers: [String: any Provider]
    /// Answers already known: the journal, committed results, the cache.
    public let lookups: [any ResponseLookup]
    public let journal: RunJournal
    public let cache: ResponseCache?
    public let ledgerURL: URL
    /// The ledger as messages name it.
    public let ledgerPath: String
    /// A private folder for downloaded answers (removed after reading).
    public let downloads: URL
    /// Called at each step of a submission (`PROMPTEXP_TEST_KILL_AT` kills there in tests).
    public var checkpoint: (String) -> Void = { _ in }
    /// `--max-cost`: nothing is submitted when the calls to submit could cost more (each
    /// at its `max_tokens`, at the batch price), since a batch cannot be stopped half-way.
    public var maxCost: Double?
    public var now: @Sendable () -> Date = { Date() }
    public var onEvent: @Sendable (BatchEvent) -> Void = { _ in }

    public init(
        plan: RunPlan, providers: [String: any Provider], lookups: [any ResponseLookup], journal: RunJournal,
        cache: ResponseCache?, ledgerURL: URL, ledgerPath: String, downloads: URL
    ) {
        self.plan = plan
        self.providers = providers
        self.lookups = lookups
        self.journal = journal
        self.cache = cache
        self.ledgerURL = ledgerURL
        self.ledgerPath = ledgerPath
        self.downloads = downloads
    }

    /// Where a pass left things.
    public struct Report: Sendable {
        public var ledger: BatchLedger
        /// Batches of this plan still running at the provider.
        public var open: [BatchStatus] = []
        /// Calls of the plan those batches hold.
        public var waitingCalls = 0
        /// Calls submitted in this pass, and in how many batches.
        public var submittedCalls = 0
        public var submittedBatches = 0
        /// Calls left to be made directly (their provider has no batch API).
        public var directCalls = 0

        /// Nothing of the plan is waiting on a batch: the run can complete.
        public var isComplete: Bool { waitingCalls == 0 }
    }

    public func advance() async throws -> Report {
        var ledger = try BatchLedger.load(from: ledgerURL, displayPath: ledgerPath)
        try await recover(&ledger)
        var open = try await collect(&ledger)
        // A batch adopted by mistake was given back: look again for the one really made.
        for _ in 0..<3 where ledger.entries.contains(where: { $0.id == nil }) {
            try await recover(&ledger)
            open.merge(try await collect(&ledger)) { _, new in new }
        }
        var report = Report(ledger: ledger)
        try await submit(&report, open: &open)
        report.open = open.values.map(\.0).sorted { $0.id < $1.id }
        return report
    }

    /// The batch API of the provider serving `model`, if it has one.
    private func api(for provider: String) -> (any BatchAPI)? { providers[provider]?.batchAPI }

    // MARK: Recover

    /// Finds at the provider each batch recorded without an id (the process ended between
    /// recording and learning the id); one that was never created is dropped, so its calls
    /// are submitted again.
    private func recover(_ ledger: inout BatchLedger) async throws {
        let known = Set(ledger.entries.compactMap(\.id)).union(ledger.notOurs)
        guard ledger.entries.contains(where: { $0.id == nil }) else { return }
        for index in ledger.entries.indices where ledger.entries[index].id == nil {
            let entry = ledger.entries[index]
            guard let api = api(for: entry.provider) else { continue }
            let found: String?
            do {
                found = try await api.find(
                    label: entry.label, requestCount: entry.requestHashes.count, after: entry.submitted, known: known)
            } catch {
                throw BatchError.statusFailed(id: entry.label, reason: error.description)
            }
            if let found {
                ledger.entries[index].id = found
                ledger.entries[index].adopted = true
                onEvent(.recovered(id: found, label: entry.label))
            }
        }
        let before = ledger.entries.count
        ledger.entries.removeAll { $0.id == nil && api(for: $0.provider) != nil }
        if ledger.entries.count != before || ledger.entries.contains(where: { !known.contains($0.id ?? "") }) {
            try ledger.save(to: ledgerURL)
        }
    }

    // MARK: Collect

    /// Asks about every open batch; downloads the answers of those that ended into the
    /// journal (and the cache), and records the requests they failed. Returns the batches
    /// still running, by id.
    private func collect(_ ledger: inout BatchLedger) async throws -> [String: (BatchStatus, BatchLedger.Entry)] {
        var running: [String: (BatchStatus, BatchLedger.Entry)] = [:]
        for entry in ledger.entries {
            guard let id = entry.id, let api = api(for: entry.provider) else { continue }
            // Ended here or elsewhere, and every answer already in this clone's journal.
            if ledger.ended.contains(id), entry.requestHashes.allSatisfy({ settled($0, ledger) }) { continue }
            let status: BatchStatus
            do {
                status = try await api.status(of: id)
            } catch {
                throw BatchError.statusFailed(id: id, reason: error.description)
            }
            switch status.phase {
            case .running:
                running[id] = (status, entry)
                onEvent(.waiting(status))
            case .failed(let reason):
                for hash in entry.requestHashes where journal.response(for: hash) == nil {
                    ledger.failures[hash] = "the batch failed: \(reason)"
                }
                ledger.ended.insert(id)
                try ledger.save(to: ledgerURL)
                onEvent(.collected(id: id, answered: 0, failed: entry.requestHashes.count))
            case .ended:
                guard let (answered, failed) = try await download(status, entry: entry, api: api, into: &ledger)
                else {
                    // Adopted by mistake: another submission's batch. Nothing of it is kept;
                    // the entry looks for its own batch again.
                    ledger.notOurs.insert(id)
                    if let index = ledger.entries.firstIndex(where: { $0.label == entry.label }) {
                        ledger.entries[index].id = nil
                        ledger.entries[index].adopted = false
                    }
                    try ledger.save(to: ledgerURL)
                    onEvent(.notOurs(id: id, label: entry.label))
                    continue
                }
                ledger.ended.insert(id)
                try ledger.save(to: ledgerURL)
                onEvent(.collected(id: id, answered: answered, failed: failed))
            }
        }
        return running
    }

    private func settled(_ hash: String, _ ledger: BatchLedger) -> Bool {
        ledger.failures[hash] != nil || journal.response(for: hash) != nil
    }

    /// Reads an ended batch's answers, matched to its requests by custom id: each answer
    /// is journaled and cached; each failure, and each request the batch did not answer,
    /// is recorded as failed. Nil, with nothing recorded, when the entry was adopted and
    /// the batch's request ids are not exactly its own.
    private func download(
        _ status: BatchStatus, entry: BatchLedger.Entry, api: any BatchAPI, into ledger: inout BatchLedger
    ) async throws -> (answered: Int, failed: Int)? {
        let folder = downloads.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files: [URL]
        do {
            files = try await api.download(status, customIDs: entry.requestHashes, into: folder)
        } catch {
            throw BatchError.downloadFailed(id: status.id, reason: error.description)
        }
        var expected = Set(entry.requestHashes)
        if entry.adopted, try Self.customIDs(in: files, api: api, id: status.id) != expected { return nil }
        var answered = 0
        var failed = 0
        for file in files {
            var lines = JSONLLineReader(url: file).makeIterator()
            while let line = lines.next() {
                guard let value = try? JSONValue.parse(Data(line.bytes)),
                    let (hash, answer) = api.answer(in: value),
                    expected.remove(hash) != nil
                else { continue }
                switch answer {
                case .answered(let response):
                    let cached = CachedResponse(
                        text: response.text, finishReason: response.finishReason, usage: response.usage,
                        latencyMilliseconds: 0, batch: status.id, toolCalls: response.toolCalls)
                    try journal.append(cached, for: hash)
                    cache?.store(cached, for: hash)
                    ledger.failures[hash] = nil
                    answered += 1
                case .failed(let message):
                    ledger.failures[hash] = message
                    failed += 1
                }
            }
            if let error = lines.error {
                throw BatchError.downloadFailed(id: status.id, reason: "\(error)")
            }
        }
        for hash in expected where journal.response(for: hash) == nil {
            ledger.failures[hash] = "the batch ended without answering this request"
            failed += 1
        }
        return (answered, failed)
    }

    /// Every custom id a batch's result files answer.
    private static func customIDs(in files: [URL], api: any BatchAPI, id: String) throws -> Set<String> {
        var found: Set<String> = []
        for file in files {
            var lines = JSONLLineReader(url: file).makeIterator()
            while let line = lines.next() {
                if let value = try? JSONValue.parse(Data(line.bytes)), let (hash, _) = api.answer(in: value) {
                    found.insert(hash)
                }
            }
            if let error = lines.error { throw BatchError.downloadFailed(id: id, reason: "\(error)") }
        }
        return found
    }

    // MARK: Submit

    /// The requests gathered for one provider and model, up to the batch limits.
    private struct Pending {
        var entries: [Data] = []
        var hashes: [String] = []
        var bytes = 0
    }

    /// Walks the plan: calls answered, failed or held by an open batch are settled; the
    /// rest are gathered per provider and model and submitted in batches within the limits.
    private func submit(_ report: inout Report, open: inout [String: (BatchStatus, BatchLedger.Entry)]) async throws {
        var held: Set<UInt64> = []
        for (status, entry) in open.values where status.phase == .running {
            held.formUnion(entry.requestHashes.map(Self.key))
        }
        if let limit = maxCost {
            let most = try mostCost(held: held, failures: report.ledger.failures)
            guard most <= limit else { throw BatchError.overBudget(most: most, limit: limit) }
        }
        var gathered: [String: Pending] = [:]
        var seen: Set<UInt64> = []
        var calls = try plan.calls()
        while let call = try calls.next() {
            let hash = call.requestHash
            guard let api = api(for: call.model.provider.name) else {
                report.directCalls += 1
                continue
            }
            if held.contains(Self.key(hash)) {
                report.waitingCalls += 1
                continue
            }
            if report.ledger.failures[hash] != nil || seen.contains(Self.key(hash)) || isAnswered(hash) { continue }
            seen.insert(Self.key(hash))
            let key = "\(call.model.provider.name)\u{0}\(call.model.name)"
            let entry: Data
            do {
                entry = try api.encode(BatchRequest(customID: hash, request: call.request))
            } catch {
                report.ledger.failures[hash] = error.description
                continue
            }
            if let pending = gathered[key], !pending.entries.isEmpty,
                pending.entries.count + 1 > api.limits.maxRequests || pending.bytes + entry.count > api.limits.maxBytes
            {
                gathered[key] = nil
                try await send(pending, model: call.model, api: api, report: &report, open: &open)
            }
            // Appended in place: a copy taken out of the dictionary would be copied again
            // on every append.
            gathered[key, default: Pending()].entries.append(entry)
            gathered[key, default: Pending()].hashes.append(hash)
            gathered[key, default: Pending()].bytes += entry.count
        }
        for model in plan.allModels {
            guard let pending = gathered["\(model.provider.name)\u{0}\(model.name)"], !pending.entries.isEmpty,
                let api = api(for: model.provider.name)
            else { continue }
            try await send(pending, model: model, api: api, report: &report, open: &open)
        }
    }

    /// The most the calls still to submit could cost: each at its `max_tokens`.
    private func mostCost(held: Set<UInt64>, failures: [String: String]) throws -> Double {
        var total = 0.0
        var seen: Set<UInt64> = []
        var calls = try plan.calls()
        while let call = try calls.next() {
            let hash = call.requestHash
            guard api(for: call.model.provider.name) != nil, !held.contains(Self.key(hash)), failures[hash] == nil,
                seen.insert(Self.key(hash)).inserted, !isAnswered(hash)
            else { continue }
            total += CostEstimate.cost(of: call, batched: true) ?? 0
        }
        return total
    }

    /// A request hash's first 64 bits: sets of hundreds of thousands of calls stay small,
    /// and two requests sharing them is a one-in-2⁶⁴ chance per pair.
    private static func key(_ hash: String) -> UInt64 {
        UInt64(hash.prefix(16), radix: 16) ?? UInt64(truncatingIfNeeded: hash.hashValue)
    }

    private func isAnswered(_ hash: String) -> Bool {
        lookups.contains { $0.response(for: hash) != nil }
    }

    /// Records the submission, creates the batch, records its id.
    private func send(
        _ pending: Pending, model: ResolvedModel, api: any BatchAPI, report: inout Report,
        open: inout [String: (BatchStatus, BatchLedger.Entry)]
    ) async throws {
        var entry = BatchLedger.Entry(
            provider: model.provider.name, model: model.name, label: "promptexp-\(UUID().uuidString.lowercased())",
            id: nil, submitted: now(), requestHashes: pending.hashes)
        report.ledger.entries.append(entry)
        try report.ledger.save(to: ledgerURL)
        checkpoint("batch-recorded")
        let id: String
        do {
            id = try await api.submit(pending.entries, model: model.modelID, label: entry.label)
        } catch {
            // Refused outright: no batch was made, so the record goes. Otherwise (no
            // answer) it may exist: the next run looks for it by its label.
            if case .http(let status, _, _) = error, (400..<500).contains(status) {
                report.ledger.entries.removeAll { $0.label == entry.label }
                try report.ledger.save(to: ledgerURL)
            }
            throw BatchError.submitFailed(provider: model.provider.name, model: model.name, reason: error.description)
        }
        checkpoint("batch-created")
        entry.id = id
        if let index = report.ledger.entries.firstIndex(where: { $0.label == entry.label }) {
            report.ledger.entries[index].id = id
        }
        try report.ledger.save(to: ledgerURL)
        let count = pending.hashes.count
        report.submittedCalls += count
        report.submittedBatches += 1
        report.waitingCalls += count
        open[id] = (BatchStatus(id: id, phase: .running, state: "submitted", total: count), entry)
        onEvent(.submitted(id: id, provider: model.provider.name, model: model.name, requests: count))
    }
}
