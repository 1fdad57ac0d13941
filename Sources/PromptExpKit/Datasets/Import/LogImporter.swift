import Crypto
public import Foundation

/// Turns request logs into a dataset for one prompt: each logged request is matched
/// against the prompt's template to recover its inputs, production's answer is kept as
/// `output`, and the call's model, tokens, latency, cost and request id go to `metadata`.
///
/// Logs are read as a stream, a line at a time, and rows are written as they are made,
/// so memory stays flat whatever the log's size (a batch join holds the output file's
/// answers, at most 50,000 per batch). The dataset appears only when the import finished:
/// a failed import leaves no partial file.
public struct LogImporter {
    public struct Options: Sendable {
        /// Nil: detect from the first line.
        public var format: LogFormat?
        /// A malformed line stops the import instead of being counted.
        public var strict = false
        public var keepDuplicates = false
        public var redact = false
        /// Where logged images are stored, once each, by hash (`datasets/images/<sha256>.png`),
        /// the rows naming their files; nil keeps them in the rows as `data:` URLs.
        public var imageFolder: ImageFolder?

        public init(format: LogFormat? = nil, strict: Bool = false, keepDuplicates: Bool = false, redact: Bool = false)
        {
            self.format = format
            self.strict = strict
            self.keepDuplicates = keepDuplicates
            self.redact = redact
        }
    }

    /// A folder of the repository: where it is, and how rows name a file in it.
    public struct ImageFolder: Sendable {
        public var url: URL
        /// The folder's path from the repository's root (`datasets/images`).
        public var path: String

        public init(url: URL, path: String) {
            self.url = url
            self.path = path
        }
    }

    /// What an import did.
    public struct Summary: Sendable {
        public var format: LogFormat = .jsonl
        public var detected = false
        public var lines = 0
        public var imported = 0
        public var duplicates = 0
        public var withoutOutput = 0
        /// Requests that yielded no row, by reason, with the first few places of each.
        public var skipped: [String: Int] = [:]
        public var examples: [String: [SourceLocation]] = [:]
        public var badLines = 0
        public var badLineExamples: [(SourceLocation, String)] = []

        public var skippedTotal: Int { skipped.values.reduce(0, +) }

        mutating func skip(_ reason: String, at location: SourceLocation) {
            skipped[reason, default: 0] += 1
            if examples[reason, default: []].count < 5 { examples[reason, default: []].append(location) }
        }
    }

    public let file: PromptFile
    public let promptID: String
    public let options: Options
    let matcher: TemplateMatcher

    public init(file: PromptFile, promptID: String, options: Options) throws(ImportError) {
        self.file = file
        self.promptID = promptID
        self.options = options
        matcher = try TemplateMatcher(file: file, promptID: promptID)
    }

    /// Imports `logs` (URL and the path to show) into a new dataset at `output`; with no
    /// output, only counts what would be imported. `progress` is called every few thousand
    /// lines with the lines read and rows written.
    public func run(
        _ logs: [(url: URL, path: String)], to output: URL?, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Summary {
        var summary = Summary()
        let (format, detected) = try format(of: logs)
        summary.format = format
        summary.detected = detected
        let writer = try output.map(StagedFileWriter.init(target:))
        var state = ImportState(options: options)
        do {
            if format == .openaiBatch {
                try importBatch(logs, writer: writer, summary: &summary, state: &state, progress: progress)
            } else {
                for log in logs {
                    try eachLine(log, summary: &summary) { value, line, summary in
                        switch format.entry(value, line: line) {
                        case .failure(let problem):
                            try unreadable(
                                problem, at: SourceLocation(path: log.path, line: line, column: problem.column),
                                &summary)
                        case .success(let entry):
                            try add(entry, path: log.path, writer: writer, summary: &summary, state: &state)
                        }
                        if summary.lines % 5000 == 0 { progress(summary.lines, summary.imported) }
                    }
                }
            }
            // No dataset at all rather than an empty one: the caller says why none matched.
            if summary.imported == 0 {
                writer?.abandon()
                state.removeStoredImages()
            } else {
                try writer?.commit()
            }
        } catch {
            writer?.abandon()
            state.removeStoredImages()
            throw error
        }
        progress(summary.lines, summary.imported)
        return summary
    }

    private func format(of logs: [(url: URL, path: String)]) throws -> (LogFormat, Bool) {
        if let format = options.format { return (format, false) }
        guard let first = logs.first else { throw ImportError.unknownFormat(path: "(no file)", tried: "no log given") }
        guard let value = try firstValue(first) else {
            throw ImportError.unknownFormat(path: first.path, tried: "the file is empty or its first line is not JSON")
        }
        guard let format = LogFormat.detect(value) else {
            throw ImportError.unknownFormat(path: first.path, tried: "its first line is not a JSON object")
        }
        return (format, true)
    }

    private func firstValue(_ log: (url: URL, path: String)) throws -> JSONValue? {
        guard FileManager.default.isReadableFile(atPath: log.url.path) else {
            throw ImportError.unreadable(path: log.path, reason: "no such file, or it is not readable")
        }
        for (_, bytes) in JSONLLineReader(url: log.url) where !Self.isBlank(bytes) {
            return try? JSONValue.parse(Data(bytes))
        }
        return nil
    }

    /// Calls `body` with each non-blank line's JSON; a line that does not parse is bad.
    private func eachLine(
        _ log: (url: URL, path: String), summary: inout Summary, _ body: (JSONValue, Int, inout Summary) throws -> Void
    ) throws {
        guard FileManager.default.isReadableFile(atPath: log.url.path) else {
            throw ImportError.unreadable(path: log.path, reason: "no such file, or it is not readable")
        }
        for (number, bytes) in JSONLLineReader(url: log.url) where !Self.isBlank(bytes) {
            summary.lines += 1
            let value: JSONValue
            do {
                value = try JSONValue.parse(Data(bytes))
            } catch {
                try bad(
                    SourceLocation(path: log.path, line: number, column: error.column), error.describedForALine,
                    &summary)
                continue
            }
            try body(value, number, &summary)
        }
    }

    /// A line that gave no entry: skipped with its reason when it is a request a row cannot
    /// hold, else a malformed line.
    private func unreadable(_ problem: LogLineProblem, at location: SourceLocation, _ summary: inout Summary) throws {
        if problem.unrepresentable {
            summary.skip(problem.message, at: location)
        } else {
            try bad(location, problem.message, &summary)
        }
    }

    private func bad(_ location: SourceLocation, _ message: String, _ summary: inout Summary) throws {
        if options.strict { throw ImportError.badLine(location, message) }
        summary.badLines += 1
        if summary.badLineExamples.count < 10 { summary.badLineExamples.append((location, message)) }
    }

    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// Matches one entry and writes its row, or counts why it has none.
    private func add(
        _ entry: LogEntry, path: String, writer: StagedFileWriter?, summary: inout Summary, state: inout ImportState
    ) throws {
        let location = SourceLocation(path: path, line: entry.line)
        var inputs: [String: JSONValue]
        if let messages = entry.messages {
            switch matcher.match(messages) {
            case .failure(let miss):
                summary.skip(miss.rawValue, at: location)
                return
            case .success(let found): inputs = found
            }
        } else if let given = entry.inputs {
            do {
                _ = try file.resolveInputs(given, promptID: promptID, rowLabel: "\(location)")
            } catch {
                summary.skip(
                    error.isMissingInput
                        ? TemplateMatcher.Miss.missingInput.rawValue : TemplateMatcher.Miss.types.rawValue, at: location
                )
                return
            }
            inputs = given
        } else {
            summary.skip("no request in the line", at: location)
            return
        }
        // Images leave the row for files of their own, before redaction can touch them;
        // only when a dataset is written (a pass that only counts writes nothing).
        var images: [String: JSONValue] = [:]
        for name in file.template.imageInputs {
            guard let value = inputs.removeValue(forKey: name) else { continue }
            if let folder = options.imageFolder, writer != nil, let url = value.stringValue,
                let image = try? ImagePart.loading(url, root: nil)
            {
                images[name] = .string(try state.store(image, in: folder))
            } else {
                images[name] = value
            }
        }
        var output = entry.output
        var expected = entry.expected
        var metadata = entry.metadata
        if options.redact {
            inputs = inputs.mapValues(Redactor.redact)
            output = output.map(Redactor.redact)
            expected = expected.map(Redactor.redact)
            metadata = metadata.mapValues(Redactor.redact)
        }
        inputs.merge(images) { _, image in image }
        let derived = DatasetRow.derivedID(for: inputs)
        let seen = state.occurrences(of: derived)
        if seen > 0 && !options.keepDuplicates {
            summary.duplicates += 1
            return
        }
        let id = seen > 0 ? "\(derived)-\(seen + 1)" : (entry.id.flatMap { state.claim($0) } ?? derived)
        // An answer that called tools keeps its calls: `{"text", "tool_calls"}`.
        var loggedOutput = output.map(JSONValue.string)
        if !entry.outputToolCalls.isEmpty {
            var calls = entry.outputToolCalls
            if options.redact {
                calls = calls.map { call in
                    var redacted = call
                    redacted.arguments = Redactor.redact(call.arguments)
                    return redacted
                }
            }
            loggedOutput = ["text": .string(output ?? ""), "tool_calls": .array(calls.map(\.json))]
        }
        let row = DatasetRow(id: id, inputs: inputs, expected: expected, output: loggedOutput, metadata: metadata)
        try writer?.write(row.jsonLine)
        summary.imported += 1
        if loggedOutput == nil { summary.withoutOutput += 1 }
    }

    /// Batch files: the output files' answers by `custom_id`, then the input files
    /// streamed and joined to them.
    private func importBatch(
        _ logs: [(url: URL, path: String)], writer: StagedFileWriter?, summary: inout Summary, state: inout ImportState,
        progress: (Int, Int) -> Void
    ) throws {
        var inputs: [(url: URL, path: String)] = []
        var answers: [String: (output: String?, metadata: [String: JSONValue])] = [:]
        for log in logs {
            guard let first = try firstValue(log) else { continue }
            if first["body"] != nil || first["params"] != nil {
                inputs.append(log)
                continue
            }
            try eachLine(log, summary: &summary) { value, line, summary in
                guard let id = value["custom_id"]?.stringValue else {
                    try bad(SourceLocation(path: log.path, line: line), "a batch line without custom_id", &summary)
                    return
                }
                answers[id] = Self.batchAnswer(value)
            }
        }
        guard !inputs.isEmpty else { throw ImportError.needsBatchOutput(path: logs.first?.path ?? "") }
        for log in inputs {
            try eachLine(log, summary: &summary) { value, line, summary in
                guard let id = value["custom_id"]?.stringValue, let body = value["body"] ?? value["params"] else {
                    try bad(
                        SourceLocation(path: log.path, line: line), "a batch input line needs custom_id and body",
                        &summary)
                    return
                }
                var entry = LogEntry(line: line)
                switch LoggedMessages.parse(body["messages"], system: body["system"]) {
                case .failure(let problem):
                    try unreadable(problem, at: SourceLocation(path: log.path, line: line), &summary)
                    return
                case .success(let messages): entry.messages = messages
                }
                let answer = answers[id]
                entry.output = answer?.output
                entry.metadata = answer?.metadata ?? [:]
                entry.metadata["custom_id"] = .string(id)
                if entry.metadata["model"] == nil, let model = body["model"] { entry.metadata["model"] = model }
                try add(entry, path: log.path, writer: writer, summary: &summary, state: &state)
                if summary.lines % 5000 == 0 { progress(summary.lines, summary.imported) }
            }
        }
    }

    /// The answer and call facts of an OpenAI batch output line or an Anthropic result.
    static func batchAnswer(_ value: JSONValue) -> (output: String?, metadata: [String: JSONValue]) {
        if let result = value["result"] {
            guard result["type"]?.stringValue == "succeeded", let message = result["message"] else {
                return (nil, ["error": result["type"] ?? "unknown"])
            }
            return (
                LogFormat.answer(message),
                LogFormat.compact([
                    "model": message["model"], "input_tokens": message["usage"]?["input_tokens"],
                    "output_tokens": message["usage"]?["output_tokens"], "request_id": message["id"],
                    "finish_reason": message["stop_reason"],
                ])
            )
        }
        let response = value["response"]
        guard case .int(200)? = response?["status_code"], let body = response?["body"] else {
            return (
                nil,
                LogFormat.compact(["error": value["error"]?["message"] ?? value["error"] ?? response?["status_code"]])
            )
        }
        return (
            LogFormat.answer(body),
            LogFormat.compact([
                "model": body["model"], "input_tokens": body["usage"]?["prompt_tokens"],
                "output_tokens": body["usage"]?["completion_tokens"], "request_id": response?["request_id"],
                "finish_reason": body["choices"]?.arrayValue?.first?["finish_reason"],
            ])
        )
    }
}

/// Duplicate tracking: an 8-byte hash per distinct input set (a count per set only when
/// duplicates are kept and need ids of their own), and the log-given ids handed out.
struct ImportState {
    let options: LogImporter.Options
    private var seen: Set<UInt64> = []
    private var counts: [UInt64: Int] = [:]
    private var ids: Set<String> = []

    init(options: LogImporter.Options) {
        self.options = options
    }

    /// How many times these inputs came before this one.
    mutating func occurrences(of derivedID: String) -> Int {
        let key = UInt64(derivedID, radix: 16) ?? 0
        guard options.keepDuplicates else { return seen.insert(key).inserted ? 0 : 1 }
        let before = counts[key, default: 0]
        counts[key] = before + 1
        return before
    }

    /// A log-given id, when no row has it yet.
    mutating func claim(_ id: String) -> String? {
        ids.insert(id).inserted ? id : nil
    }

    /// Image files this import created, removed again when it writes no dataset.
    private var createdImages: [URL] = []
    private var storedImages: Set<String> = []

    /// Writes `image` to `folder` under its hash, once; the path a row names it by.
    mutating func store(_ image: ImagePart, in folder: LogImporter.ImageFolder) throws -> String {
        let name = "\(image.sha256).\(image.fileExtension)"
        let path = "\(folder.path)/\(name)"
        guard storedImages.insert(name).inserted else { return path }
        let url = folder.url.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
            try AtomicFile.write(image.data, to: url.path)
            createdImages.append(url)
        }
        return path
    }

    mutating func removeStoredImages() {
        for url in createdImages { try? FileManager.default.removeItem(at: url) }
        createdImages = []
    }
}
