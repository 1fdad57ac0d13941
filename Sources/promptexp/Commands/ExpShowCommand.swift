import ArgumentParser
import PromptExpKit

/// `promptexp exp show [NAME]`: base and candidate answers row by row.
struct ExpShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show base and candidate outputs per row, changed words highlighted, with cost and latency.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiment (default: the current exp/ branch).") var name: String?
    @Flag(help: "Only rows whose output changed.") var changed = false
    @Flag(help: "Only rows where a call failed.") var errors = false
    @Option(help: "Only this row.") var row: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let project = try global.openProject()
        let view = try ExperimentView(project: project, name: name)
        let console = global.console
        let pairs = view.outcome.pairedRecords.filter { pair in
            (!changed || pair.changed) && (!errors || pair.base.error != nil || pair.candidate.error != nil)
                && (row == nil || pair.base.rowID == row)
        }
        if json {
            console.printJSON(.array(pairs.map { ["base": $0.base.json, "candidate": $0.candidate.json, "changed": .bool($0.changed)] }))
            return
        }
        guard view.hasResults else {
            console.print("no results yet: promptexp exp run")
            return
        }
        for pair in pairs {
            let header = "row \(pair.base.rowID) · \(pair.base.model)\(pair.base.repeatIndex > 0 ? " · repeat \(pair.base.repeatIndex)" : "")"
            console.print(console.styled(header, .bold) + (pair.changed ? "  " + console.styled("changed", .yellow) : ""))
            if let inputs = view.inputs[pair.base.rowID] {
                let shown = inputs.keys.sorted().map { "\($0)=\(DatasetShowCommand.abridged(inputs[$0]?.displayText ?? ""))" }
                console.print(console.styled("  inputs:    " + shown.joined(separator: "  "), .dim))
            }
            let baseText = pair.base.output ?? "error: \(pair.base.error ?? "")"
            let candidateText = pair.candidate.output ?? "error: \(pair.candidate.error ?? "")"
            if pair.changed {
                let segments = WordDiff.diff(old: baseText, new: candidateText)
                console.print("  base:      " + highlight(segments, side: .removed, console: console) + Self.stats(pair.base))
                console.print("  candidate: " + highlight(segments, side: .added, console: console) + Self.stats(pair.candidate))
            } else {
                console.print("  both:      \(baseText)" + Self.stats(pair.candidate))
            }
            if let line = scores(pair, weights: view.weights, console: console) { console.print(line) }
        }
        console.print(console.styled("\(view.outcome.changes.count) of \(view.outcome.pairs) outputs changed", .bold))
    }

    /// `scores:    1.000 → 0.667  mentions-customer: pass → fail (output does not contain "Ana")`,
    /// naming the evaluators that flipped or fail on the candidate.
    private func scores(_ pair: ExperimentOutcome.Pair, weights: [String: Double], console: Console) -> String? {
        guard let before = pair.base.overall(weights: weights), let after = pair.candidate.overall(weights: weights) else {
            return nil
        }
        let old = pair.base.evaluations, new = pair.candidate.evaluations
        var notes: [String] = []
        for name in new.keys.sorted() {
            guard let now = new[name] else { continue }
            if let error = now.error { notes.append("\(name): evaluation error: \(error)"); continue }
            let was = old[name]?.passed
            if was == now.passed && now.passed { continue }
            let flip = was.map { "\($0 ? "pass" : "fail") → \(now.passed ? "pass" : "fail")" } ?? (now.passed ? "pass" : "fail")
            notes.append("\(name): \(flip)\(now.reason.isEmpty ? "" : " (\(now.reason))")")
        }
        let score = String(format: "%.3f → %.3f", before.score, after.score)
        let styled = after.score < before.score - 1e-9 ? console.styled(score, .red)
            : after.score > before.score + 1e-9 ? console.styled(score, .green) : score
        return "  scores:    \(styled)" + (notes.isEmpty ? "" : "  " + notes.joined(separator: "; "))
    }

    private func highlight(_ segments: [WordDiff.Segment], side: WordDiff.Kind, console: Console) -> String {
        segments.compactMap { segment in
            switch segment.kind {
            case .same: segment.text
            case side: console.styled(segment.text, side == .removed ? .redBackground : .greenBackground)
            default: nil
            }
        }.joined()
    }

    private static func stats(_ record: ResultRecord) -> String {
        var parts: [String] = []
        if let cost = record.cost { parts.append(String(format: "$%.5f", cost)) }
        if let latency = record.latencyMilliseconds { parts.append("\(latency) ms") }
        return parts.isEmpty ? "" : "  (" + parts.joined(separator: ", ") + ")"
    }
}
