import Foundation

/// `.promptexp/experiments/NAME/experiment.yaml`: what an experiment compares, pinned to
/// the exact base it started from.
public struct ExperimentSpec: Hashable, Sendable {
    public struct Base: Hashable, Sendable {
        /// The selector as the user typed it (`production`, `v3`, `HEAD~2`).
        public var ref: String
        public var commit: ObjectID
        public var blob: ObjectID

        public init(ref: String, commit: ObjectID, blob: ObjectID) {
            self.ref = ref
            self.commit = commit
            self.blob = blob
        }
    }

    public struct Dataset: Hashable, Sendable {
        public var path: String
        public var blob: ObjectID

        public init(path: String, blob: ObjectID) {
            self.path = path
            self.blob = blob
        }
    }

    public var name: String
    public var prompt: String
    public var base: Base
    public var dataset: Dataset
    public var models: [String]
    public var params: [String: JSONValue] = [:]
    public var evaluators: [String] = []
    public var sampleSize: Int?
    public var sampleSeed: UInt64 = 0
    public var repeats = 1
    /// The branch the experiment was made from, where `promote` fast-forwards.
    public var sourceBranch: String?
    /// The base's answers are the dataset rows' `output` (what production said, from a
    /// request log) instead of calls to the model.
    public var baseFromLog = false
    /// The seed of a sequential run's row order (`SequentialOrder`); nil when the last
    /// run used every row. Its results are compared in that order.
    public var sequentialSeed: UInt64?

    /// The spec as YAML, keys in a fixed order, strings JSON-quoted (valid YAML), so the
    /// file is the same for the same spec.
    public var yaml: String {
        func quoted(_ text: String) -> String { JSONValue.string(text).canonicalJSON }
        var lines = [
            "# promptexp experiment: base and candidate of one prompt, compared over one dataset",
            "name: \(quoted(name))",
            "prompt: \(quoted(prompt))",
            "base:",
            "  ref: \(quoted(base.ref))",
            "  commit: \(base.commit.hex)",
            "  blob: \(base.blob.hex)",
            "dataset:",
            "  path: \(quoted(dataset.path))",
            "  blob: \(dataset.blob.hex)",
            "models: [\(models.map(quoted).joined(separator: ", "))]",
            "params: \(JSONValue.object(params).canonicalJSON)",
            "evaluators: [\(evaluators.map(quoted).joined(separator: ", "))]",
            "repeats: \(repeats)",
        ]
        if let sampleSize { lines += ["sample:", "  size: \(sampleSize)", "  seed: \(sampleSeed)"] }
        if let sourceBranch { lines.append("source_branch: \(quoted(sourceBranch))") }
        if baseFromLog { lines.append("base_from_log: true") }
        if let sequentialSeed { lines += ["sequential:", "  seed: \(sequentialSeed)"] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a spec; errors name the file, line and column.
    public init(yaml text: String, path: String) throws(ExperimentError) {
        do throws(YAMLNode.Problem) {
            let root = try YAMLNode.parse(text, path: path)
            func required(_ key: String) throws(YAMLNode.Problem) -> YAMLNode {
                guard let node = root[key] else { throw root.fail("missing key '\(key)'") }
                return node
            }
            func objectID(_ node: YAMLNode, _ what: String) throws(YAMLNode.Problem) -> ObjectID {
                guard let id = ObjectID(hex: try node.string(what)) else {
                    throw node.fail("\(what) must be a 40-digit object id")
                }
                return id
            }
            let baseNode = try required("base")
            let datasetNode = try required("dataset")
            name = try required("name").string("name")
            prompt = try required("prompt").string("prompt")
            guard let ref = baseNode["ref"], let commit = baseNode["commit"], let blob = baseNode["blob"] else {
                throw baseNode.fail("base needs ref, commit and blob")
            }
            base = Base(
                ref: try ref.string("base.ref"), commit: try objectID(commit, "base.commit"),
                blob: try objectID(blob, "base.blob"))
            guard let datasetPath = datasetNode["path"], let datasetBlob = datasetNode["blob"] else {
                throw datasetNode.fail("dataset needs path and blob")
            }
            dataset = Dataset(
                path: try datasetPath.string("dataset.path"), blob: try objectID(datasetBlob, "dataset.blob"))
            models = try required("models").stringList("models")
            if let params = root["params"], !params.isNull {
                for entry in try params.mapping("params") { self.params[entry.key] = entry.value.json }
            }
            evaluators = try root["evaluators"]?.stringList("evaluators") ?? []
            repeats = try root["repeats"]?.int("repeats") ?? 1
            if let sample = root["sample"], !sample.isNull {
                sampleSize = try sample["size"]?.int("sample.size")
                sampleSeed = UInt64(max(0, try sample["seed"]?.int("sample.seed") ?? 0))
            }
            sourceBranch = try root["source_branch"]?.string("source_branch")
            baseFromLog = try root["base_from_log"]?.bool("base_from_log") ?? false
            if let sequential = root["sequential"], !sequential.isNull {
                sequentialSeed = UInt64(max(0, try sequential["seed"]?.int("sequential.seed") ?? 0))
            }
        } catch {
            throw .malformedSpec(error.location, error.message)
        }
    }

    public init(
        name: String, prompt: String, base: Base, dataset: Dataset, models: [String], evaluators: [String] = [],
        sampleSize: Int? = nil, sampleSeed: UInt64 = 0, repeats: Int = 1, sourceBranch: String? = nil
    ) {
        self.name = name
        self.prompt = prompt
        self.base = base
        self.dataset = dataset
        self.models = models
        self.evaluators = evaluators
        self.sampleSize = sampleSize
        self.sampleSeed = sampleSeed
        self.repeats = repeats
        self.sourceBranch = sourceBranch
    }
}
