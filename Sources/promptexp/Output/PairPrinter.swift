import Foundation
import PromptExpKit

/// Prints one base/candidate pair as `exp show` shows it: a header, the row's inputs
/// (abridged, or whole for one row), both outputs with the changed words highlighted, and
/// the score change naming the evaluators that flipped.
struct PairPrinter {
    let console: Console
    /// Each evaluator's weight in a row's overall score.
    let weights: [String: Double]
    /// Every input in full, one per line (`--row`), instead of abridged on one line.
    let wholeInputs: Bool
    /// People's labels of outputs, by `HumanLabel.key`.
    var labels: [String: HumanLabel] = [:]

    /// The labels of the pair's two outputs, base first.
    func labels(of pair: ExperimentPairs.Pair) -> [HumanLabel] {
        [pair.base, pair.candidate].compactMap { record in
            labels[
                HumanLabel(
                    rowID: record.rowID, model: record.model, repeatIndex: record.repeatIndex, variant: record.variant,
                    good: true
                ).key]
        }
    }

    func print(_ pair: ExperimentPairs.Pair, inputs: [String: JSONValue]?) {
        let header =
            "row \(pair.base.rowID) · \(pair.base.model)\(pair.base.repeatIndex > 0 ? " · repeat \(pair.base.repeatIndex)" : "")"
        console.print(console.styled(header, .bold) + (pair.changed ? "  " + console.styled("changed", .yellow) : ""))
        if let inputs { console.print(inputLines(inputs)) }
        let baseText = pair.base.shownText
        let candidateText = pair.candidate.shownText
        if pair.changed {
            let segments = WordDiff.diff(old: baseText, new: candidateText)
            console.print(Self.labeled("base", highlight(segments, side: .removed), Self.stats(pair.base)))
            console.print(Self.labeled("candidate", highlight(segments, side: .added), Self.stats(pair.candidate)))
        } else {
            console.print(Self.labeled("both", baseText, Self.stats(pair.candidate)))
        }
        if let line = scores(pair) { console.print(line) }
        for label in labels(of: pair) {
            let verdict = label.good ? console.styled("good", .green) : console.styled("bad", .red)
            let record = label.variant == "base" ? pair.base : pair.candidate
            // A label of an answer a later run replaced no longer counts: say so.
            let stale = label.labels(record) ? "" : " (stale: the output changed since)"
            console.print(
                "  label:     \(label.variant) \(verdict)\(stale)"
                    + (label.comment.isEmpty ? "" : " — \(label.comment)"))
        }
    }

    /// The row's inputs: abridged on one line, or in full, one per line, with `--row`.
    private func inputLines(_ inputs: [String: JSONValue]) -> String {
        guard wholeInputs else {
            let shown = inputs.keys.sorted().map {
                "\($0)=\(DatasetShowCommand.abridged(inputs[$0]?.displayText ?? ""))"
            }
            return console.styled("  inputs:    " + shown.joined(separator: "  "), .dim)
        }
        return "  inputs:\n"
            + inputs.keys.sorted().map { key in
                Self.labeled(
                    "  " + key,
                    inputs[key].flatMap(ChatMessage.transcript(of:)) ?? inputs[key]?.displayText ?? "", "")
            }.joined(separator: "\n")
    }

    /// `  label:     text`, or for text of several lines the label alone and the text
    /// indented under it, so each line of an answer stays readable.
    static func labeled(_ label: String, _ text: String, _ stats: String) -> String {
        guard text.contains("\n") else {
            return "  " + (label + ":").padding(toLength: max(11, label.count + 2), withPad: " ", startingAt: 0) + text
                + stats
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }
        return "  \(label):\(stats)\n" + lines.joined(separator: "\n")
    }

    /// `scores:    1.000 → 0.667  mentions-customer: pass → fail (output does not contain "Ana")`,
    /// naming the evaluators that flipped or fail on the candidate.
    private func scores(_ pair: ExperimentPairs.Pair) -> String? {
        guard let before = pair.base.overall(weights: weights), let after = pair.candidate.overall(weights: weights)
        else {
            return nil
        }
        let old = pair.base.evaluations
        let new = pair.candidate.evaluations
        var notes: [String] = []
        for name in new.keys.sorted() {
            guard let now = new[name] else { continue }
            if let error = now.error {
                notes.append("\(name): evaluation error: \(error)")
                continue
            }
            let was = old[name]?.passed
            if was == now.passed && now.passed { continue }
            let flip =
                was.map { "\($0 ? "pass" : "fail") → \(now.passed ? "pass" : "fail")" }
                ?? (now.passed ? "pass" : "fail")
            notes.append("\(name): \(flip)\(now.reason.isEmpty ? "" : " (\(now.reason))")")
        }
        let score = String(format: "%.3f → %.3f", before.score, after.score)
        let styled =
            after.score < before.score - 1e-9
            ? console.styled(score, .red)
            : after.score > before.score + 1e-9 ? console.styled(score, .green) : score
        return "  scores:    \(styled)" + (notes.isEmpty ? "" : "  " + notes.joined(separator: "; "))
    }

    private func highlight(_ segments: [WordDiff.Segment], side: WordDiff.Kind) -> String {
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
