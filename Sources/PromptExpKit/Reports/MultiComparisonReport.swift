import Foundation

/// The report of `exp compare`: one column per variant (the base and each experiment), a
/// table of every pair with McNemar's test and its Holm-adjusted p-value, and the winner —
/// named only when it is significantly better than every other. As text, Markdown, JSON
/// and a self-contained HTML page.
public struct MultiComparisonReport: Sendable {
    public let prompt: String
    /// The base as the specs name it, and each candidate by experiment with its blob.
    public let base: String
    public let candidates: [(name: String, blob: String)]
    public let dataset: String
    public let comparison: MultiComparison
    public let summary: RunSummary

    public init(
        prompt: String, base: String, candidates: [(name: String, blob: String)], dataset: String,
        comparison: MultiComparison, summary: RunSummary
    ) {
        self.prompt = prompt
        self.base = base
        self.candidates = candidates
        self.dataset = dataset
        self.comparison = comparison
        self.summary = summary
    }

    /// "winner: terse — better than every other variant on every model" or why none is.
    public var headline: String {
        if let winner = comparison.winner {
            return "winner: \(winner) — significantly better than every other variant on every model"
        }
        return
            "no winner: no variant is significantly better than every other on every model (Holm-adjusted, α = \(NumberText.percent(comparison.alpha)))"
    }

    private var columns: [String] { comparison.variants }

    private func standing(_ variant: String, _ model: String) -> MultiComparison.Standing? {
        comparison.standings.first { $0.variant == variant && $0.model == model }
    }

    private func pairLine(_ pair: MultiComparison.Pair) -> String {
        let decision = pair.better.map { "\($0) better" } ?? "no significant difference"
        return
            "\(pair.first) vs \(pair.second) on \(pair.model): \(pair.firstOnly) rows only \(pair.first) passes, \(pair.secondOnly) only \(pair.second), score Δ \(NumberText.signed(pair.meanDifference)); McNemar p \(NumberText.pValue(pair.pValue)), Holm \(NumberText.pValue(pair.adjustedP)): \(decision)"
    }

    public var text: String {
        var lines = [
            "compare \(prompt): base \(base) and \(candidates.map(\.name).joined(separator: ", ")) over \(dataset)"
        ]
        for model in comparison.models {
            lines.append("  \(model):")
            for variant in columns {
                guard let standing = standing(variant, model) else { continue }
                lines.append(
                    "    \(variant.padding(toLength: max(10, columns.map(\.count).max() ?? 0), withPad: " ", startingAt: 0))  pass \(NumberText.percent(standing.passRate))  mean score \(NumberText.score(standing.meanScore))  (\(counted(standing.rows, "row")))"
                )
            }
        }
        lines.append("pairs (Holm-adjusted over \(counted(comparison.pairs.count, "comparison"))):")
        lines += comparison.pairs.map { "  " + pairLine($0) }
        lines.append(headline)
        return lines.joined(separator: "\n") + "\n"
    }

    public var markdown: String {
        var lines = [
            "# Compare `\(prompt)`", "",
            "Base `\(base)` and \(candidates.map { "`\($0.name)` (\($0.blob))" }.joined(separator: ", ")) over `\(dataset)`.",
            "", "**\(headline)**", "",
            "| model | " + columns.joined(separator: " | ") + " |",
            "|---|" + columns.map { _ in "---:|" }.joined(),
        ]
        for model in comparison.models {
            let cells = columns.map { variant in
                standing(variant, model).map {
                    "\(NumberText.percent($0.passRate)) pass, \(NumberText.score($0.meanScore))"
                } ?? "—"
            }
            lines.append("| \(model) | " + cells.joined(separator: " | ") + " |")
        }
        lines += [
            "", "| pair | model | only first passes | only second passes | score Δ | McNemar p | Holm p | decision |",
            "|---|---|---:|---:|---:|---:|---:|---|",
        ]
        for pair in comparison.pairs {
            lines.append(
                "| \(pair.first) vs \(pair.second) | \(pair.model) | \(pair.firstOnly) | \(pair.secondOnly) | \(NumberText.signed(pair.meanDifference)) | \(NumberText.pValue(pair.pValue)) | \(NumberText.pValue(pair.adjustedP)) | \(pair.better.map { "**\($0)** better" } ?? "—") |"
            )
        }
        lines += [
            "",
            "<sub>Each pair on the rows both were scored on: McNemar's exact test on the rows only one passes, the p-values adjusted for every pair and model at once by Holm's method (α = \(NumberText.percent(comparison.alpha))). Cost of this comparison's calls: \(NumberText.money(summary.totalCost)).</sub>",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONValue {
        [
            "prompt": .string(prompt), "base": .string(base), "dataset": .string(dataset),
            "candidates": .array(candidates.map { ["name": .string($0.name), "blob": .string($0.blob)] }),
            "variants": .array(columns.map(JSONValue.string)), "alpha": .double(comparison.alpha),
            "winner": comparison.winner.map(JSONValue.string) ?? .null,
            "standings": .array(
                comparison.standings.map {
                    [
                        "variant": .string($0.variant), "model": .string($0.model), "rows": .int($0.rows),
                        "pass_rate": .double(Self.round($0.passRate)), "mean_score": .double(Self.round($0.meanScore)),
                    ]
                }),
            "pairs": .array(
                comparison.pairs.map {
                    [
                        "first": .string($0.first), "second": .string($0.second), "model": .string($0.model),
                        "rows": .int($0.rows), "first_only": .int($0.firstOnly), "second_only": .int($0.secondOnly),
                        "mean_difference": .double(Self.round($0.meanDifference)),
                        "p_value": .double($0.pValue), "holm_p": .double($0.adjustedP),
                        "better": $0.better.map(JSONValue.string) ?? .null,
                    ]
                }),
            "cost": .double(summary.totalCost),
        ]
    }

    public var html: String {
        func escape(_ text: String) -> String { HTMLReport.escape(text) }
        var body = "<h1>Compare <code>\(escape(prompt))</code></h1>"
        body +=
            "<p>Base <code>\(escape(base))</code> and \(candidates.map { "<code>\(escape($0.name))</code> (\(escape($0.blob)))" }.joined(separator: ", ")) over <code>\(escape(dataset))</code>.</p>"
        body += "<div class=\"verdict\">\(escape(headline))</div>"
        body += "<table><tr><th>model</th>" + columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for model in comparison.models {
            body += "<tr><td>\(escape(model))</td>"
            for variant in columns {
                let cell = standing(variant, model).map {
                    "\(NumberText.percent($0.passRate)) pass<br>mean \(NumberText.score($0.meanScore))"
                }
                body += "<td>\(cell ?? "—")</td>"
            }
            body += "</tr>"
        }
        body +=
            "</table><h2>Pairs</h2><table><tr><th>pair</th><th>model</th><th>only first passes</th><th>only second passes</th><th>score Δ</th><th>McNemar p</th><th>Holm p</th><th>decision</th></tr>"
        for pair in comparison.pairs {
            body +=
                "<tr><td>\(escape(pair.first)) vs \(escape(pair.second))</td><td>\(escape(pair.model))</td><td>\(pair.firstOnly)</td><td>\(pair.secondOnly)</td><td>\(NumberText.signed(pair.meanDifference))</td><td>\(NumberText.pValue(pair.pValue))</td><td>\(NumberText.pValue(pair.adjustedP))</td><td>\(escape(pair.better.map { "\($0) better" } ?? "—"))</td></tr>"
        }
        body += "</table>"
        return
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Compare \(escape(prompt))</title><style>\(HTMLReportAssets.style) td,th{padding:4px 10px;border-bottom:1px solid #d0d7de;text-align:left}</style></head><body>\(body)</body></html>\n"
    }

    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
