public import Foundation

/// What is known, before a run, of how long a prompt's answers are: the output tokens of
/// earlier answers per variant and model (from an earlier results file of the same run),
/// and of the dataset's logged outputs (what production answered). A cost estimate uses
/// these before it falls back to `max_tokens`: assuming every answer fills `max_tokens`
/// overstated real spend tenfold.
public struct OutputTokenHistory: Sendable {
    /// A count of answers and the output tokens they took.
    public struct Tally: Hashable, Sendable {
        public var answers = 0
        public var tokens = 0
        public var mean: Double? { answers == 0 ? nil : Double(tokens) / Double(answers) }

        mutating func add(_ tokens: Int) {
            answers += 1
            self.tokens += tokens
        }
    }

    /// Earlier answers per variant and model name.
    public private(set) var earlier: [String: [String: Tally]] = [:]
    /// The dataset rows' logged outputs.
    public private(set) var logged = Tally()
    /// Where the earlier answers came from, as the estimate names it.
    public private(set) var earlierSource: String?

    public init() {}

    /// Output tokens of one answer: as the provider counted them, else its bytes / 4 (the
    /// same rule as the input estimate).
    static func tokens(of text: String, counted: Int?) -> Int {
        counted ?? max(1, text.utf8.count / 4)
    }

    /// Adds the successful answers of a results file; a missing file adds nothing.
    public mutating func addResults(at url: URL, displayPath: String) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        var rows = ResultRowReader(url: url, displayPath: displayPath)
        var added = 0
        while let row = try rows.next() {
            for record in row {
                guard record.succeeded, let output = record.output else { continue }
                earlier[record.variant, default: [:]][record.model, default: Tally()]
                    .add(Self.tokens(of: output, counted: record.usage?.outputTokens))
                added += 1
            }
        }
        if added > 0 { earlierSource = displayPath }
    }

    /// Adds the outputs the dataset's rows logged (rows imported from a request log).
    public mutating func addLoggedOutputs(of dataset: DatasetFile) throws {
        var rows = try dataset.rows(checkingDuplicates: false)
        while let row = try rows.next() {
            guard let output = row.output?.displayText else { continue }
            var counted: Int?
            if case .int(let tokens)? = row.metadata["output_tokens"] { counted = tokens }
            logged.add(Self.tokens(of: output, counted: counted))
        }
    }
}
