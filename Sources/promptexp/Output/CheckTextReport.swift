import Foundation
import PromptExpKit

/// A check's result for a terminal or a hook's output: per prompt the verdict and the
/// numbers behind it, the rows that regressed with the evaluators that now fail, and the
/// prompts left unchecked.
struct CheckTextReport {
    let report: ComparisonReport
    let console: Console
    var rowLimit = 10

    func render() -> String {
        var lines: [String] = []
        let printer = VerdictPrinter(console: console)
        if report.subjects.isEmpty && report.unchecked.isEmpty {
            lines.append("no prompt changed")
        }
        for subject in report.subjects {
            let comparison = subject.comparison
            lines.append(
                "\(console.styled(subject.prompt, .bold)): \(printer.styled(comparison.verdict))  (\(subject.baseLabel) → \(subject.candidateLabel), \(subject.dataset))"
            )
            lines += printer.lines(comparison)
            for note in subject.notes { lines.append("  note: \(note)") }
            for model in comparison.models where model.verdict == .regressed || !model.regressions.isEmpty {
                let shown = model.regressions.prefix(rowLimit)
                if !shown.isEmpty {
                    lines.append("  rows that got worse\(comparison.models.count > 1 ? " on \(model.model)" : ""):")
                }
                for change in shown {
                    var line =
                        "    \(change.rowID): score \(String(format: "%.3f", change.baseScore)) → \(String(format: "%.3f", change.candidateScore))"
                    if change.basePassed && !change.candidatePassed { line += ", pass → fail" }
                    let evaluations = change.candidate.evaluations
                    for name in change.newlyFailing {
                        line += "\n      \(name): \(evaluations[name]?.reason ?? "")"
                    }
                    lines.append(line)
                }
                if model.regressedRows > shown.count {
                    lines.append("    … and \(model.regressedRows - shown.count) more")
                }
            }
        }
        for entry in report.unchecked {
            lines.append("\(console.styled(entry.prompt, .bold)): unchecked: \(entry.reason)")
        }
        let regressed = report.regressedPrompts
        if regressed.isEmpty, !report.undecided.isEmpty {
            lines.append(console.styled("check not decided: the gate cannot pass on missing evidence", .yellow))
            lines += report.undecided.map { "  \($0)" }
        } else if regressed.isEmpty {
            lines.append(
                "check passed: \(report.subjects.count) prompt\(report.subjects.count == 1 ? "" : "s") checked, none regressed"
            )
        } else {
            lines.append(console.styled("check failed: regressed: \(regressed.joined(separator: ", "))", .red))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
