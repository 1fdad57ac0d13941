import Foundation

/// The pull-request report: the verdict first, a table of scores per variant and model
/// with deltas and intervals, cost and tokens, then the rows that regressed and improved
/// with base and candidate side by side in collapsible sections. With thousands of rows
/// it stays short: the worst `rowLimit` of each kind are shown and the rest counted.
public struct MarkdownReport {
    public let report: ComparisonReport
    public var rowLimit = 20

    public init(_ report: ComparisonReport, rowLimit: Int = 20) {
        self.report = report
        self.rowLimit = rowLimit
    }

    /// GitHub refuses comments over 65,536 characters; the report keeps under this.
    public static let sizeLimit = 60_000

    /// The report, with fewer rows shown when it would pass `sizeLimit`.
    public func render() -> String {
        var limit = rowLimit
        var text = render(rowLimit: limit)
        while text.count > Self.sizeLimit, limit > 0 {
            limit /= 2
            text = render(rowLimit: limit)
        }
        return text
    }

    private func render(rowLimit: Int) -> String {
        var copy = self
        copy.rowLimit = rowLimit
        return copy.document()
    }

    private func document() -> String {
        let verdict = report.verdict
        var lines = ["# \(report.title)", ""]
        let scored = report.subjects.contains(where: \.isScored) || report.subjects.isEmpty
        var headline =
            scored ? "**\(ReportNumbers.emoji(verdict)) \(ReportNumbers.headline(verdict))**" : "**⚪ Not scored**"
        if report.subjects.count > 1 || !report.unchecked.isEmpty {
            let regressed = report.regressedPrompts
            headline += " — \(report.subjects.count) prompt\(report.subjects.count == 1 ? "" : "s") checked"
            if !regressed.isEmpty { headline += ", regressed: \(regressed.map { "`\($0)`" }.joined(separator: ", "))" }
            if !report.unchecked.isEmpty { headline += ", \(report.unchecked.count) unchecked" }
        }
        lines += [headline, ""]
        if verdict != .regressed, !report.undecided.isEmpty {
            lines += ["**⚠️ Not decided** — the gate cannot pass on missing evidence:", ""]
            lines += report.undecided.map { "- \(Self.escape($0))" } + [""]
        }
        if report.subjects.isEmpty && report.unchecked.isEmpty { lines += ["No prompt with tests changed.", ""] }
        for subject in report.subjects { lines += section(subject) }
        if !report.unchecked.isEmpty {
            lines += ["## Unchecked prompts", ""]
            for entry in report.unchecked { lines.append("- `\(entry.prompt)`: \(entry.reason)") }
            lines.append("")
        }
        if scored, policy.sequentialOrder != nil {
            lines.append(
                "<sub>Verdict rule: sequential. Rows in a seeded random order; a test by betting (Waudby-Smith & Ramdas 2024) decides regressed, non-inferior or improved with at most \(NumberText.percent(policy.alpha)) error at any stopping time, margin \(NumberText.points(policy.minEffect).dropFirst()); where it did not decide, the fixed-size rule (paired bootstrap interval and McNemar's exact test) on the rows sent.</sub>"
            )
        } else if scored {
            lines.append(
                "<sub>Verdict rule: paired bootstrap interval of the mean score difference and McNemar's exact test on pass/fail, at \(Int(policy.confidence * 100))% confidence, minimum effect \(NumberText.points(policy.minEffect).dropFirst()) (see `verdict:` in `.promptexp/config.yaml`).</sub>"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var policy: VerdictPolicy { report.subjects.first?.comparison.policy ?? VerdictPolicy() }

    private func section(_ subject: ComparisonSubject) -> [String] {
        let comparison = subject.comparison
        let changes = subject.outputChanges
        let title =
            subject.isScored
            ? "\(ReportNumbers.emoji(comparison.verdict)) \(ReportNumbers.headline(comparison.verdict))" : "not scored"
        var lines = [
            "## `\(subject.prompt)`: \(title)", "",
            "Base \(Self.code(subject.baseLabel)) against candidate \(Self.code(subject.candidateLabel)) over `\(subject.dataset)`; \(changes.changed) of \(changes.pairs) outputs changed.",
            "",
        ]
        for note in subject.notes { lines += ["> \(note)", ""] }
        lines += promptDiff(subject.promptDiff, filesChanged: !subject.fileDiffs.isEmpty)
        for (path, diff) in subject.fileDiffs.sorted(by: { $0.key < $1.key }) {
            lines += promptDiff(diff, title: "`\(path)` (named by the prompt)")
        }
        guard subject.isScored else { return lines + unscored(subject) }
        let summary = subject.summary
        lines += [
            "| model | variant | mean score (95% CI) | pass rate | calls | errors | tokens in | tokens out | cost |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for model in comparison.models {
            for scores in [model.base, model.candidate] {
                let group = summary.groups.first { $0.variant == scores.variant && $0.model == scores.model }
                lines.append(
                    "| \(Self.escape(scores.model)) | \(scores.variant) | \(NumberText.score(scores.meanScore)) (\(NumberText.interval(scores.interval))) | \(NumberText.percent(scores.passRate)) | \(group?.calls ?? 0) | \(group?.errors ?? 0) | \(group?.inputTokens ?? 0) | \(group?.outputTokens ?? 0) | \(NumberText.money(group?.cost ?? 0)) |"
                )
            }
            lines.append(
                "| \(Self.escape(model.model)) | **Δ** | **\(NumberText.signed(model.meanDifference))** (\(NumberText.signedInterval(model.interval))) | \(NumberText.points(model.candidate.passRate - model.base.passRate)) | | | | | |"
            )
        }
        lines.append("")
        for model in comparison.models {
            let errors = model.base.evaluationErrors + model.candidate.evaluationErrors
            let left = errors > 0 ? "; \(errors) evaluations could not be made and are left out" : ""
            lines.append(
                "- **\(Self.escape(model.model))**: \(ReportNumbers.headline(model.verdict).lowercased()) — \(counted(model.pairs, "row")) paired, \(model.passToFail) pass → fail, \(model.failToPass) fail → pass (McNemar p \(NumberText.pValue(model.pValue)))\(Self.kOfN(model))\(left)"
            )
            if let sequential = model.sequential { lines.append("  - \(sequential.line)") }
        }
        lines.append("")
        lines += evaluatorTable(comparison)
        for model in comparison.models {
            let suffix = comparison.models.count > 1 ? " · \(Self.escape(model.model))" : ""
            lines += rows(
                model.regressions, total: model.regressedRows, title: "Regressed rows\(suffix)",
                inputs: subject.rowInputs)
            lines += rows(
                model.improvements, total: model.improvedRows, title: "Improved rows\(suffix)",
                inputs: subject.rowInputs)
        }
        return lines
    }

    /// The change to the prompt, open above everything else: what the reviewer is judging.
    private func promptDiff(_ diff: TextDiff?, title: String = "Prompt", filesChanged: Bool = false) -> [String] {
        guard let diff else { return [] }
        guard !diff.isEmpty else {
            return [
                filesChanged
                    ? "The candidate prompt file is the base's; a file it names changed (below)."
                    : "The candidate prompt is the base: nothing changed in it.", "",
            ]
        }
        let text = diff.unified(oldLabel: "base", newLabel: "candidate")
        let fence = Self.fence(for: text)
        let stats = diff.stats
        return [
            "<details open><summary>\(title) diff base → candidate (+\(stats.added) −\(stats.removed))</summary>", "",
            "\(fence)diff", text.hasSuffix("\n") ? String(text.dropLast()) : text, fence, "", "</details>", "",
        ]
    }

    /// Totals and the changed outputs, for a subject without evaluators.
    private func unscored(_ subject: ComparisonSubject) -> [String] {
        var lines = [
            "| variant | model | calls | errors | tokens in | tokens out | cost | p50 ms | p95 ms |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for group in subject.summary.groups {
            lines.append(
                "| \(group.variant) | \(Self.escape(group.model)) | \(group.calls) | \(group.errors) | \(group.inputTokens) | \(group.outputTokens) | \(NumberText.money(group.cost)) | \(group.latencyP50.map(String.init) ?? "–") | \(group.latencyP95.map(String.init) ?? "–") |"
            )
        }
        lines.append("")
        guard !subject.changes.isEmpty else { return lines }
        lines += ["### Changed outputs (\(subject.outputChanges.changed))", ""]
        for change in subject.changes.prefix(rowLimit) {
            let summary =
                "row <code>\(Self.escape(change.rowID))</code> · \(Self.escape(change.model))\(change.repeatIndex > 0 ? " · repeat \(change.repeatIndex)" : "")"
            lines += ["<details><summary>\(summary)</summary>", "", "<table>"]
            lines += inputsRow(subject.rowInputs[change.rowID])
            lines += [
                "<tr><th>base</th><th>candidate</th></tr>",
                "<tr><td><pre>\(Self.preformatted(Self.cut(change.base ?? "")))</pre></td><td><pre>\(Self.preformatted(Self.cut(change.candidate ?? "")))</pre></td></tr>",
                "</table>", "", "</details>",
            ]
        }
        let shown = min(rowLimit, subject.changes.count)
        if subject.outputChanges.changed > shown {
            lines += ["", "… and \(subject.outputChanges.changed - shown) more changed outputs in `results.jsonl`."]
        }
        return lines + [""]
    }

    /// A table row with the row's inputs, each abridged, on one line.
    private func inputsRow(_ inputs: [String: JSONValue]?) -> [String] {
        guard let inputs, !inputs.isEmpty else { return [] }
        let shown = inputs.keys.sorted().map { key in
            "<code>\(Self.escape(key))</code> \(Self.escape(Self.abridged(inputs[key]?.displayText ?? "")))"
        }
        return ["<tr><td colspan=\"2\"><b>inputs</b> · \(shown.joined(separator: " · "))</td></tr>"]
    }

    /// One line of at most `limit` characters: line breaks shown as ⏎.
    static func abridged(_ text: String, limit: Int = 160) -> String {
        let line = text.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
        return line.count > limit ? String(line.prefix(limit)) + "…" : line
    }

    /// A code fence longer than any run of backticks in `text`, so the text cannot end it.
    static func fence(for text: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    private static func kOfN(_ model: ScoreComparison.ModelComparison) -> String {
        guard model.candidate.passKOfN.keys.contains(where: { !$0.hasSuffix("/1") }) else { return "" }
        return
            "; every repeat passed on \(NumberText.percent(model.base.allRepeatsPassRate)) of rows (base) and \(NumberText.percent(model.candidate.allRepeatsPassRate)) (candidate)"
    }

    private func evaluatorTable(_ comparison: ScoreComparison) -> [String] {
        guard !comparison.evaluatorNames.isEmpty else { return [] }
        var lines = ["| evaluator | model | base pass | candidate pass | Δ |", "|---|---|---:|---:|---:|"]
        for model in comparison.models {
            for name in comparison.evaluatorNames {
                let before = model.base.evaluators[name]?.passRate ?? 0
                let after = model.candidate.evaluators[name]?.passRate ?? 0
                lines.append(
                    "| `\(name)` | \(Self.escape(model.model)) | \(NumberText.percent(before)) | \(NumberText.percent(after)) | \(NumberText.points(after - before)) |"
                )
            }
        }
        return lines + [""]
    }

    /// The first `rowLimit` of `changes`, of `total` such rows in all.
    private func rows(
        _ changes: [ScoreComparison.RowChange], total: Int, title: String, inputs: [String: [String: JSONValue]]
    ) -> [String] {
        guard !changes.isEmpty else { return [] }
        var lines = ["### \(title) (\(total))", ""]
        for change in changes.prefix(rowLimit) {
            var summary =
                "row <code>\(Self.escape(change.rowID))</code> · score \(NumberText.score(change.baseScore)) → \(NumberText.score(change.candidateScore))"
            if change.basePassed != change.candidatePassed {
                summary += change.candidatePassed ? " · fail → pass" : " · pass → fail"
            }
            if !change.newlyFailing.isEmpty {
                summary += " · now failing: \(change.newlyFailing.joined(separator: ", "))"
            }
            if !change.newlyPassing.isEmpty {
                summary += " · now passing: \(change.newlyPassing.joined(separator: ", "))"
            }
            lines += ["<details><summary>\(summary)</summary>", "", "<table>"]
            lines += inputsRow(inputs[change.rowID])
            lines += [
                "<tr><th>base</th><th>candidate</th></tr>",
                "<tr><td><pre>\(Self.preformatted(Self.shown(change.base)))</pre></td><td><pre>\(Self.preformatted(Self.shown(change.candidate)))</pre></td></tr>",
                "<tr><td>\(Self.escape(Self.reasons(change.base)))</td><td>\(Self.escape(Self.reasons(change.candidate)))</td></tr>",
                "</table>", "", "</details>",
            ]
        }
        let shown = min(rowLimit, changes.count)
        if total > shown { lines += ["", "… and \(total - shown) more (all of them are in `results.jsonl`)."] }
        return lines + [""]
    }

    /// The output as shown: the error when the call failed, cut at 1,000 characters.
    static func shown(_ record: ResultRecord) -> String {
        cut(record.shownText)
    }

    static func cut(_ text: String) -> String {
        text.count > 1000 ? String(text.prefix(1000)) + "…" : text
    }

    /// Each evaluator's verdict and reason, joined by "; ".
    static func reasons(_ record: ResultRecord) -> String {
        reasonLines(record).map(\.text).joined(separator: "; ")
    }

    /// Each evaluator's verdict and reason, one line each, with whether it passed.
    static func reasonLines(_ record: ResultRecord) -> [(text: String, passed: Bool)] {
        let evaluations = record.evaluations
        return evaluations.keys.sorted().compactMap { name in
            guard let evaluation = evaluations[name] else { return nil }
            if let error = evaluation.error { return ("\(name): evaluation error: \(error)", false) }
            let reason = evaluation.reason.isEmpty ? "" : " — \(evaluation.reason)"
            return (
                "\(name): \(evaluation.passed ? "pass" : "fail") \(NumberText.score(evaluation.score))\(reason)",
                evaluation.passed
            )
        }
    }

    /// Text for a `<pre>` on one Markdown line: a blank line would end the HTML block.
    static func preformatted(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\n", with: "&#10;")
    }

    static func code(_ text: String) -> String { "`\(text.replacingOccurrences(of: "`", with: "'"))`" }

    /// Escapes text for HTML inside Markdown (and a table's pipes).
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "|", with: "&#124;")
    }
}
