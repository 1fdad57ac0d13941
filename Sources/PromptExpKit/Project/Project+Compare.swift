import Foundation

extension Project {
    /// The specs of experiments `names`, checked to compare like with like: two or more,
    /// each once, on the same prompt, base version, dataset, models, evaluators, sample and
    /// repeats — so every row pairs up, and the base is one variant among them.
    public func comparableExperiments(_ names: [String]) throws -> [ExperimentSpec] {
        guard names.count >= 2 else { throw ExperimentError.notComparable("name two experiments or more") }
        if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw ExperimentError.notComparable("'\(twice)' is named twice")
        }
        if names.contains("base") {
            throw ExperimentError.notComparable("an experiment named 'base' would be confused with the base")
        }
        let specs = try names.map { try experiment(named: $0) }
        let first = specs[0]
        for spec in specs.dropFirst() {
            func differ(_ what: String, _ a: String, _ b: String) -> ExperimentError {
                .notComparable("\(first.name) and \(spec.name) differ in \(what) (\(a) and \(b))")
            }
            if spec.prompt != first.prompt { throw differ("prompt", first.prompt, spec.prompt) }
            if spec.base.blob != first.base.blob {
                throw differ(
                    "base version", "\(first.base.ref) \(first.base.blob.short)",
                    "\(spec.base.ref) \(spec.base.blob.short)"
                )
            }
            if spec.dataset != first.dataset {
                throw differ(
                    "dataset", "\(first.dataset.path) \(first.dataset.blob.short)",
                    "\(spec.dataset.path) \(spec.dataset.blob.short)")
            }
            if spec.models != first.models {
                throw differ("models", first.models.joined(separator: ", "), spec.models.joined(separator: ", "))
            }
            if Set(spec.evaluators) != Set(first.evaluators) {
                throw differ(
                    "evaluators", first.evaluators.joined(separator: ", "), spec.evaluators.joined(separator: ", "))
            }
            if spec.sampleSize != first.sampleSize || spec.sampleSeed != first.sampleSeed {
                throw differ("sample", Self.sampleText(first), Self.sampleText(spec))
            }
            if spec.repeats != first.repeats { throw differ("repeats", "\(first.repeats)", "\(spec.repeats)") }
        }
        guard !first.evaluators.isEmpty else {
            throw ExperimentError.notComparable("the experiments have no evaluators: add tests.evaluators and run them")
        }
        return specs
    }

    private static func sampleText(_ spec: ExperimentSpec) -> String {
        spec.sampleSize.map { "\($0) rows, seed \(spec.sampleSeed)" } ?? "every row"
    }

    /// Experiment `spec`'s candidate as its branch has it (committed: what the experiment
    /// ran), labelled with the experiment's name.
    public func committedCandidate(_ spec: ExperimentSpec) throws -> RunVariant {
        let branch = Self.experimentBranchPrefix + spec.name
        let path = Self.promptPath(for: spec.prompt)
        guard let tip = try repository.branchTip(branch), let blob = try repository.blobID(at: path, in: tip) else {
            throw ExperimentError.notRun(spec.name)
        }
        let read = try readingReferences(
            try PromptFile(data: try repository.blobData(blob), path: "\(branch):\(path)"), from: .commit(tip))
        return RunVariant(label: spec.name, promptID: spec.prompt, file: read.file, blob: blob, files: read.files)
    }

    /// The answers committed on experiment `name`'s branch, to reuse; nil when it has none.
    public func branchAnswers(_ name: String) throws -> ResponseFileIndex? {
        guard let tip = try repository.branchTip(Self.experimentBranchPrefix + name) else { return nil }
        return try committedAnswers(at: ProjectLayout.experimentResults(name), in: tip)
    }
}
