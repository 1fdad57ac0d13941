import Foundation
import ArgumentParser
import PromptExpKit

/// `promptexp exp show [NAME]`: base and candidate answers row by row.
struct ExpShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show base and candidate outputs per row, changed words highlighted, with cost and latency.",
        discussion: "Exits 1 when the experiment has not been run. On a terminal the output goes through $PAGER (less -FRX).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiment (default: the current exp/ branch); read from its branch wherever you are.") var name: String?
    @Flag(help: "Only rows whose output changed.") var changed = false
    @Flag(help: "Only rows whose score fell, or that went pass → fail.") var worse = false
    @Flag(help: "Only rows whose score rose, or that went fail → pass.") var better = false
    @Flag(help: "Only rows whose candidate fails its evaluators or whose call failed.") var failing = false
    @Flag(help: "Only rows where a call failed.") var errors = false
    @Option(help: "Only this row, with its inputs in full.") var row: String?
    @Flag(help: "Print JSON.") var json = false
    @Flag(name: .customLong("no-pager"), help: "Print straight to the terminal instead of through $PAGER (less).") var noPager = false

    func run() throws {
        let project = try global.openProject()
        let view = try ExperimentView(project: project, name: name)
        guard view.hasResults else { throw view.notRunError }
        let console = global.console
        // The prompt's change comes first: what the rows below are judging.
        var json = self.json
            ? JSONArrayPrinter(console: console, leading: [
                "experiment": .string(view.spec.name), "prompt": .string(view.spec.prompt),
                "prompt_diff": try TextDiff(old: view.base.file.text, new: view.candidate.file.text).json,
            ], key: "rows")
            : nil
        let pager = self.json || noPager ? nil : Pager.start()
        defer { pager?.finish() }
        var shown = 0, changedCount = 0, total = 0
        try view.forEachRow { pairs, inputs in
            for pair in pairs {
                total += 1
                if pair.changed { changedCount += 1 }
                guard matches(pair, weights: view.weights) else { continue }
                shown += 1
                if json != nil {
                    json?.append([
                        "row_id": .string(pair.base.rowID), "inputs": .object(inputs ?? [:]),
                        "base": pair.base.json, "candidate": pair.candidate.json, "changed": .bool(pair.changed),
                    ])
                } else {
                    print(pair, inputs: inputs, weights: view.weights, console: console)
                }
            }
        }
        if let json {
            json.finish()
        } else {
            console.print(console.styled("\(counted(shown, "row")) shown; \(changedCount) of \(total) outputs changed", .bold))
        }
    }

    private func print(_ pair: ExperimentPairs.Pair, inputs: [String: JSONValue]?, weights: [String: Double], console: Console) {
        let header = "row \(pair.base.rowID) · \(pair.base.model)\(pair.base.repeatIndex > 0 ? " · repeat \(pair.base.repeatIndex)" : "")"
        console.print(console.styled(header, .bold) + (pair.changed ? "  " + console.styled("changed", .yellow) : ""))
        if let inputs { console.print(inputLines(inputs, console: console)) }
        let baseText = ExpDiffCommand.shown(pair.base)
        let candidateText = ExpDiffCommand.shown(pair.candidate)
        if pair.changed {
            let segments = WordDiff.diff(old: baseText, new: candidateText)
            console.print(Self.labeled("base", highlight(segments, side: .removed, console: console), Self.stats(pair.base)))
            console.print(Self.labeled("candidate", highlight(segments, side: .added, console: console), Self.stats(pair.candidate)))
        } else {
            console.print(Self.labeled("both", baseText, Self.stats(pair.candidate)))
        }
        if let line = scores(pair, weights: weights, console: console) { console.print(line) }
    }

    /// Whether a pair passes every filter given.
    private func matches(_ pair: ExperimentPairs.Pair, weights: [String: Double]) -> Bool {
        if changed && !pair.changed { return false }
        if errors && pair.base.error == nil && pair.candidate.error == nil { return false }
        if let row, pair.base.rowID != row { return false }
        let before = pair.base.overall(weights: weights), after = pair.candidate.overall(weights: weights)
        if worse {
            guard let before, let after, after.score < before.score - 1e-9 || (before.passed && !after.passed) else { return false }
        }
        if better {
            guard let before, let after, after.score > before.score + 1e-9 || (!before.passed && after.passed) else { return false }
        }
        if failing && pair.candidate.error == nil && after?.passed != false { return false }
        return true
    }

    /// The row's inputs: abridged on one line, or in full, one per line, with `--row`.
    private func inputLines(_ inputs: [String: JSONValue], console: Console) -> String {
        guard row != nil else {
            let shown = inputs.keys.sorted().map { "\($0)=\(DatasetShowCommand.abridged(inputs[$0]?.displayText ?? ""))" }
            return console.styled("  inputs:    " + shown.joined(separator: "  "), .dim)
        }
        return "  inputs:\n" + inputs.keys.sorted().map { key in
            Self.labeled("  " + key, inputs[key]?.displayText ?? "", "")
        }.joined(separator: "\n")
    }

    /// `  label:     text`, or for text of several lines the label alone and the text
    /// indented under it, so each line of an answer stays readable.
    static func labeled(_ label: String, _ text: String, _ stats: String) -> String {
        guard text.contains("\n") else { return "  " + (label + ":").padding(toLength: max(11, label.count + 2), withPad: " ", startingAt: 0) + text + stats }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }
        return "  \(label):\(stats)\n" + lines.joined(separator: "\n")
    }

    /// `scores:    1.000 → 0.667  mentions-customer: pass → fail (output does not contain "Ana")`,
    /// naming the evaluators that flipped or fail on the candidate.
    private func scores(_ pair: ExperimentPairs.Pair, weights: [String: Double], console: Console) -> String? {
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
        if let cost = record.cost { parts.append(NumberText.money(cost, decimals: 5)) }
        if let latency = record.latencyMilliseconds { parts.append("\(latency) ms") }
        return parts.isEmpty ? "" : "  (" + parts.joined(separator: ", ") + ")"
    }
}
