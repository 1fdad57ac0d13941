public import Foundation

/// A report as CSV, for a spreadsheet: one line per row, model and repeat with the row's
/// inputs (a column each), both outputs, both scores and pass/fail, the evaluators the
/// candidate fails, and each side's cost and latency. The rows stream from the results
/// files, so a report of any size is written in the same memory. Fields are quoted as
/// RFC 4180 says; lines end in LF.
public struct CSVReport {
    public let report: ComparisonReport

    public init(_ report: ComparisonReport) {
        self.report = report
    }

    static let leadingColumns = ["prompt", "row_id", "model", "repeat"]
    static let trailingColumns = [
        "base_output", "candidate_output", "base_score", "candidate_score", "base_pass", "candidate_pass",
        "candidate_failing", "changed", "base_cost", "candidate_cost", "base_latency_ms", "candidate_latency_ms",
    ]

    /// Calls `emit` with each line, the header first, without line breaks.
    public func write(_ emit: (String) throws -> Void) throws {
        let sources = report.subjects.compactMap(\.origin)
        let inputNames = try Self.inputNames(sources.map(\.dataset))
        try emit(Self.line(Self.leadingColumns + inputNames.map { "input.\($0)" } + Self.trailingColumns))
        for source in sources {
            var rows = try PairedRowReader(
                results: source.results, displayPath: source.resultsDisplayPath, dataset: source.dataset)
            while let (pairs, inputs) = try rows.next() {
                for pair in pairs {
                    try emit(Self.line(fields(pair, inputs: inputs, names: inputNames, source: source)))
                }
            }
        }
    }

    /// Writes the CSV to `url`: a staged file renamed into place, so the target is never
    /// half written.
    public func write(to url: URL) throws {
        let writer = try StagedFileWriter(target: url)
        do {
            try write { try writer.write($0) }
            try writer.commit()
        } catch {
            writer.abandon()
            throw error
        }
    }

    private func fields(
        _ pair: ExperimentPairs.Pair, inputs: [String: JSONValue]?, names: [String], source: ReportSource
    ) -> [String] {
        let weights = source.weights ?? [:]
        let before = source.weights == nil ? nil : pair.base.overall(weights: weights)
        let after = source.weights == nil ? nil : pair.candidate.overall(weights: weights)
        let failing = pair.candidate.evaluations.filter { !$0.value.passed }.keys.sorted()
        func score(_ value: (score: Double, passed: Bool)?) -> String { value.map { NumberText.score($0.score) } ?? "" }
        func passed(_ value: (score: Double, passed: Bool)?) -> String {
            value.map { $0.passed ? "pass" : "fail" } ?? ""
        }
        func cost(_ record: ResultRecord) -> String { record.cost.map { String(ResultRecord.rounded($0)) } ?? "" }
        return [source.prompt, pair.base.rowID, pair.candidate.model, String(pair.base.repeatIndex)]
            + names.map { inputs?[$0]?.displayText ?? "" }
            + [
                pair.base.shownText, pair.candidate.shownText, score(before), score(after), passed(before),
                passed(after),
                failing.joined(separator: "; "), pair.changed ? "yes" : "no", cost(pair.base), cost(pair.candidate),
                pair.base.latencyMilliseconds.map(String.init) ?? "",
                pair.candidate.latencyMilliseconds.map(String.init) ?? "",
            ]
    }

    /// Every input name the datasets' rows use, sorted: one pass over each.
    static func inputNames(_ datasets: [DatasetFile]) throws -> [String] {
        var names = Set<String>()
        for dataset in datasets {
            var rows = try dataset.rows(checkingDuplicates: false)
            while let row = try rows.next() { names.formUnion(row.inputs.keys) }
        }
        return names.sorted()
    }

    /// One CSV line: a field is quoted when it holds a comma, a quote or a line break.
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            // A CRLF is one Character, which `isNewline` covers.
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
