import Crypto
public import Foundation

/// What a run will do: dataset rows × variants × models × repeats, read from the dataset
/// as a stream. `validated()` reads the rows once before anything is sent, so a bad row
/// stops the run with no call made and nothing written.
public struct RunPlan: Sendable {
    public let dataset: DatasetFile
    public let variants: [RunVariant]
    public let models: [ResolvedModel]
    public let repeats: Int
    /// Parameters given on the command line; they override the prompt's and the model's.
    public let paramOverrides: [String: JSONValue]
    /// Where image inputs' paths are read from: the repository.
    public let imageRoot: URL?
    /// When set, only the rows on these lines take part.
    public private(set) var selectedLines: Set<Int>?
    public private(set) var rowCount = 0
    /// When set, only the calls of this shard take part.
    public private(set) var shard: Shard?
    /// The calls of the shard, counted by `validated`.
    private var shardCallCount = 0

    public init(
        dataset: DatasetFile, variants: [RunVariant], models: [ResolvedModel], repeats: Int = 1,
        paramOverrides: [String: JSONValue] = [:], imageRoot: URL? = nil
    ) {
        self.imageRoot = imageRoot
        self.dataset = dataset
        self.variants = variants
        self.models = models
        self.repeats = max(1, repeats)
        self.paramOverrides = paramOverrides
    }

    public var callCount: Int {
        shard == nil ? rowCount * variants.reduce(0) { $0 + models(for: $1).count } * repeats : shardCallCount
    }

    /// The models a variant runs on: its own, else the plan's.
    public func models(for variant: RunVariant) -> [ResolvedModel] { variant.models ?? models }

    /// Every model any variant runs on, each once, in order of first use.
    public var allModels: [ResolvedModel] {
        var seen: Set<String> = []
        return (models + variants.flatMap { $0.models ?? [] }).filter { seen.insert($0.name).inserted }
    }

    /// The plan with every row read once: each checked against each variant's inputs and
    /// counted, with `sample` a seeded uniform sample of that many rows, with `shard` that
    /// shard's calls counted. Throws, naming the file and line, at the first bad row.
    public func validated(sample: Int? = nil, seed: UInt64 = 0, shard: Shard? = nil) throws -> RunPlan {
        var plan = self
        try plan.check(sample: sample, seed: seed, shard: shard)
        return plan
    }

    private mutating func check(sample: Int?, seed: UInt64, shard: Shard?) throws {
        // A prompt whose tools or schema live in a file runs only with that file read.
        for variant in variants {
            if let unread = variant.file.unreadReferences.first {
                throw PromptError.malformed(unread.location, "\(unread.path) was not read for this run")
            }
        }
        var iterator = try dataset.rows()
        var sampler = sample.map { RowSampler<Int>(size: $0, seed: seed) }
        var count = 0
        while let row = try iterator.next() {
            for variant in variants {
                // Images are checked here too (their first bytes): a missing or unreadable
                // one stops the run before anything is sent.
                try variant.file.check(
                    row.inputs, promptID: variant.promptID, rowLabel: label(row), imageRoot: imageRoot)
            }
            sampler?.offer(row.line)
            count += 1
        }
        if let sampler {
            let lines = sampler.sample
            selectedLines = Set(lines)
            rowCount = lines.count
        } else {
            rowCount = count
        }
        if let shard {
            // The calls are rendered once more to count the shard's: its progress and
            // estimate then say the truth.
            self.shard = shard
            var calls = try self.calls()
            var inShard = 0
            while try calls.next() != nil { inShard += 1 }
            shardCallCount = inShard
        }
    }

    /// The plan with only the rows on `lines` (of those it has) taking part: one wave of
    /// a sequential run.
    public func restricted(toLines lines: Set<Int>) -> RunPlan {
        var plan = self
        let kept = selectedLines.map { lines.intersection($0) } ?? lines
        plan.selectedLines = kept
        plan.rowCount = kept.count
        return plan
    }

    /// The line and id of every row taking part, in file order (read once, not rendered).
    public func rowKeys() throws -> [(line: Int, id: String)] {
        var keys: [(line: Int, id: String)] = []
        keys.reserveCapacity(rowCount)
        var iterator = try rows()
        while let row = try iterator.next() { keys.append((row.line, row.id)) }
        return keys
    }

    func label(_ row: DatasetRow) -> String {
        "\(dataset.displayPath):\(row.line) (row \(row.id))"
    }

    /// SHA-256 over the request hashes of every call of the whole plan (all shards), in
    /// order: two machines agree on it exactly when they would make the same calls.
    public func fingerprint() throws -> String {
        var whole = self
        whole.shard = nil
        var hasher = SHA256()
        var calls = try whole.calls()
        while let call = try calls.next() { hasher.update(data: Data(call.requestHash.utf8)) }
        return Hex.encode(hasher.finalize())
    }

    /// The calls in order, made as they are asked for. `validated()` already checked the ids.
    public func calls() throws -> CallIterator {
        CallIterator(plan: self, rows: try rows())
    }

    /// The rows that take part, in the order their calls are made.
    public func rows() throws -> RowIterator {
        RowIterator(rows: try dataset.rows(checkingDuplicates: false), selectedLines: selectedLines)
    }

    public struct RowIterator {
        var rows: DatasetFile.RowIterator
        let selectedLines: Set<Int>?

        public mutating func next() throws -> DatasetRow? {
            while let row = try rows.next() {
                if let selectedLines, !selectedLines.contains(row.line) { continue }
                return row
            }
            return nil
        }
    }

    /// The request parameters for one variant and model: the model's config, then the
    /// prompt's front matter, then the command line.
    func params(for variant: RunVariant, model: ResolvedModel) -> [String: JSONValue] {
        var params = model.params
        for (key, value) in variant.file.frontMatter.requestParams { params[key] = value }
        for (key, value) in paramOverrides { params[key] = value }
        return params
    }

    public struct CallIterator {
        let plan: RunPlan
        var rows: RowIterator
        var pending: [PlannedCall] = []
        var nextIndex = 0

        public mutating func next() throws -> PlannedCall? {
            while pending.isEmpty {
                guard let row = try rows.next() else { return nil }
                // One reader per row: the variants share its images, read once.
                var images = ImageReader(root: plan.imageRoot)
                for variant in plan.variants {
                    let messages = try variant.file.render(
                        row.inputs, promptID: variant.promptID, rowLabel: plan.label(row), images: &images)
                    for model in plan.models(for: variant) {
                        let request = ChatRequest(
                            model: model.modelID, messages: messages, params: plan.params(for: variant, model: model))
                        for repeatIndex in 0..<plan.repeats {
                            let call = PlannedCall(
                                index: nextIndex, rowID: row.id, variant: variant.label, model: model,
                                repeatIndex: repeatIndex, promptBlob: variant.blob, request: request, row: row)
                            // A shard's calls are numbered among themselves: the runner
                            // writes them in that order.
                            if let shard = plan.shard, !shard.contains(requestHash: call.requestHash) { continue }
                            pending.append(call)
                            nextIndex += 1
                        }
                    }
                }
                pending.reverse()
            }
            return pending.popLast()
        }
    }
}
