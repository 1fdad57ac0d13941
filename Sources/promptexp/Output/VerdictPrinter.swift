import Foundation
import PromptExpKit

/// Prints a comparison for a terminal: the verdict in colour, then per model the mean
/// scores, the difference with its interval, and the pass/fail flips.
struct VerdictPrinter {
    let console: Console

    func print(_ comparison: ScoreComparison) {
        console.print(styled(comparison.verdict))
        for line in lines(comparison) { console.print(line) }
    }

    /// Per model: mean scores, the difference with its interval, pass rates and flips,
    /// then each evaluator whose pass rate moved.
    func lines(_ comparison: ScoreComparison) -> [String] {
        var lines: [String] = []
        for model in comparison.models {
            lines.append(
                "  \(model.model): mean score \(format(model.base.meanScore)) → \(format(model.candidate.meanScore))"
                    + " (Δ \(signed(model.meanDifference)), 95% CI \(signed(model.interval.lowerBound)) to \(signed(model.interval.upperBound)));"
                    + " pass \(NumberText.percent(model.base.passRate)) → \(NumberText.percent(model.candidate.passRate));"
                    + " \(model.passToFail) pass → fail, \(model.failToPass) fail → pass over \(counted(model.pairs, "row"))"
            )
            if let sequential = model.sequential { lines.append("    \(sequential.line)") }
            for name in comparison.evaluatorNames {
                let before = model.base.evaluators[name]?.passRate ?? 0
                let after = model.candidate.evaluators[name]?.passRate ?? 0
                guard abs(after - before) > 1e-9 else { continue }
                lines.append("    \(name): pass \(NumberText.percent(before)) → \(NumberText.percent(after))")
            }
            let errors = model.base.evaluationErrors + model.candidate.evaluationErrors
            if errors > 0 {
                lines.append(
                    console.styled(
                        "    \(errors) evaluations could not be made and are left out (their errors are in the results)",
                        .yellow))
            }
        }
        return lines
    }

    func styled(_ verdict: Verdict) -> String {
        switch verdict {
        case .regressed: console.styled("regressed", .red)
        case .improved: console.styled("improved", .green)
        case .unchanged: console.styled("no significant change", .bold)
        case .inconclusive: console.styled("inconclusive: no row was scored on both sides", .yellow)
        }
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }
    private func signed(_ value: Double) -> String {
        let text = String(format: "%+.3f", value)
        return text == "-0.000" ? "+0.000" : text
    }
}
