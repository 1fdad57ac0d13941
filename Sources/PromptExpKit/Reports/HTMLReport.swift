import Foundation

/// One self-contained HTML file (no network, no CDN, no external file) laid out as the web
/// view's experiment page: per prompt, the change at a glance (the verdict in words, pass
/// rates and scores base → candidate with their intervals, a chart of score changes), then
/// a matrix of rows (pass/fail chips per evaluator, a changed marker, the score change)
/// where opening a row shows its outputs side by side with word differences, each
/// evaluator's reason, latency, cost, production's logged answer and the inputs. Filters,
/// sorting and the opened row live in the link's `#` part; printed, every row is open.
public struct HTMLReport {
    public let report: ComparisonReport
    /// Rows shown in the table per prompt and model; the rest are counted.
    public var rowLimit = 2000

    public init(_ report: ComparisonReport, rowLimit: Int = 2000) {
        self.report = report
        self.rowLimit = rowLimit
    }

    public func render() -> String {
        var body = ["<h1>\(Self.inlineCode(report.title))</h1>"]
        if let source = report.source {
            body.append("<p class=\"source\">Results from <code>\(Self.escape(source))</code></p>")
        }
        body.append(verdictBanner(report.verdict, detail: headline))
        if report.verdict != .regressed, !report.undecided.isEmpty {
            body.append(
                "<div class=\"verdict inconclusive\"><strong>Not decided</strong> <span>the gate cannot pass on missing evidence</span><ul>"
                    + report.undecided.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul></div>")
        }
        for subject in report.subjects { body.append(section(subject)) }
        if !report.unchecked.isEmpty {
            body.append(
                "<h2>Unchecked prompts</h2><ul>"
                    + report.unchecked.map {
                        "<li><code>\(Self.escape($0.prompt))</code>: \(Self.escape($0.reason))</li>"
                    }.joined() + "</ul>")
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(report.title.replacingOccurrences(of: "`", with: "")))</title>
            <style>\(HTMLReportAssets.style)</style></head>
            <body>
            \(body.joined(separator: "\n"))
            <script>\(HTMLReportAssets.script)</script>
            </body></html>

            """
    }

    private var headline: String {
        let regressed = report.regressedPrompts
        var text = "\(report.subjects.count) prompt\(report.subjects.count == 1 ? "" : "s") compared"
        if !regressed.isEmpty { text += "; regressed: \(regressed.joined(separator: ", "))" }
        if !report.unchecked.isEmpty { text += "; \(report.unchecked.count) unchecked" }
        return text
    }

    private func verdictBanner(_ verdict: Verdict, detail: String) -> String {
        "<div class=\"verdict \(verdict.key)\"><strong>\(ReportNumbers.headline(verdict))</strong> <span>\(Self.escape(detail))</span></div>"
    }

    private func section(_ subject: ComparisonSubject) -> String {
        let changes = subject.outputChanges
        let digest =
            subject.rowPairs
            ?? RowPairDigest(records: subject.records, weights: subject.comparison.weights, limit: rowLimit)
        var parts = [
            "<section><h2><code>\(Self.escape(subject.prompt))</code></h2>",
            overview(subject, changes: changes, scoreChanges: digest.models.flatMap(\.deltas)),
        ]
        for note in subject.notes { parts.append("<p class=\"note\">\(Self.escape(note))</p>") }
        if let diff = subject.promptDiff { parts.append(promptDiff(diff, filesChanged: !subject.fileDiffs.isEmpty)) }
        for (path, diff) in subject.fileDiffs.sorted(by: { $0.key < $1.key }) {
            parts.append(promptDiff(diff, title: "<code>\(Self.escape(path))</code> (named by the prompt)"))
        }
        var slots = subject.comparison.models.compactMap { model in
            digest.model(base: model.baseModel, candidate: model.candidateModel).map { ($0, model.model) }
        }
        if !subject.isScored {
            slots = digest.models.map { ($0, $0.candidateModel) }
        }
        parts.append(pairTable(slots, evaluators: subject.comparison.evaluatorNames, subject: subject))
        parts.append(figures(subject, digest: digest))
        return parts.joined(separator: "\n") + "</section>"
    }

    /// Every figure per variant and model (calls, errors, tokens, cost, the McNemar test),
    /// and per model the score distributions and every row's change, after the rows.
    private func figures(_ subject: ComparisonSubject, digest: RowPairDigest) -> String {
        let summary = subject.summary
        var table =
            "<details class=\"figures\" open><summary>Every figure per variant and model</summary><table class=\"scores\"><tr><th>model</th><th>variant</th><th>mean score (95% CI)</th><th>pass rate</th><th>calls</th><th>errors</th><th>tokens in / out</th><th>cost</th></tr>"
        var charts = ""
        for model in subject.comparison.models {
            for scores in [model.base, model.candidate] {
                let group = summary.groups.first { $0.variant == scores.variant && $0.model == scores.model }
                table +=
                    "<tr><td>\(Self.escape(scores.model))</td><td>\(scores.variant)</td><td>\(NumberText.score(scores.meanScore)) (\(NumberText.interval(scores.interval)))</td><td>\(NumberText.percent(scores.passRate))</td><td>\(group?.calls ?? 0)</td><td>\(group?.errors ?? 0)</td><td>\(group?.inputTokens ?? 0) / \(group?.outputTokens ?? 0)</td><td>\(NumberText.money(group?.cost ?? 0))</td></tr>"
            }
            table +=
                "<tr class=\"delta\"><td>\(Self.escape(model.model))</td><td>Δ</td><td>\(NumberText.signed(model.meanDifference)) (\(NumberText.signedInterval(model.interval)))</td><td>\(NumberText.points(model.candidate.passRate - model.base.passRate))</td><td colspan=\"4\">\(model.passToFail) pass → fail, \(model.failToPass) fail → pass, McNemar p \(NumberText.pValue(model.pValue)): \(model.verdict.rawValue)</td></tr>"
            if let sequential = model.sequential {
                table += "<tr class=\"delta\"><td></td><td colspan=\"7\">\(Self.escape(sequential.line))</td></tr>"
            }
            if let pairs = digest.model(base: model.baseModel, candidate: model.candidateModel) {
                charts +=
                    "<div class=\"charts\">\(distributionChart(pairs, model: model.model))\(deltaChart(pairs))</div>"
            }
        }
        return table + "</table>" + charts + "</details>"
    }

    /// The change at a glance, as the web view's experiment page opens on it: the verdict in
    /// words, each model's pass rate and mean score base → candidate with their intervals,
    /// the change with its interval, the flips, cost and latency; beside it, how many rows
    /// moved by how much.
    private func overview(_ subject: ComparisonSubject, changes: (pairs: Int, changed: Int), scoreChanges: [Double])
        -> String
    {
        let verdict = subject.comparison.verdict
        // No model scored means no evidence: said so, never a quiet "no change".
        let scored = subject.comparison.models.contains { $0.base.scoredRecords + $0.candidate.scoredRecords > 0 }
        let words = scored ? ReportNumbers.inWords(verdict) : "Not scored: no evaluator gave a score"
        var lines = [
            "<div class=\"verdict-big \(verdict.key)\">\(Self.escape(words))</div>",
            "<div class=\"muted\">base \(Self.escape(subject.baseLabel)) → candidate \(Self.escape(subject.candidateLabel)) over \(Self.escape(subject.dataset)) · \(changes.changed) of \(changes.pairs) outputs changed · \(NumberText.money(subject.summary.totalCost))</div>",
        ]
        for model in subject.comparison.models {
            func group(_ scores: VariantScores) -> RunSummary.Group? {
                subject.summary.groups.first { $0.variant == scores.variant && $0.model == scores.model }
            }
            let (before, after) = (group(model.base), group(model.candidate))
            let worse = model.candidate.passRate < model.base.passRate
            var line =
                "<strong>\(Self.escape(model.model))</strong> pass \(NumberText.percent(model.base.passRate)) → "
                + "<strong class=\"\(worse ? "fail" : "pass")\">\(NumberText.percent(model.candidate.passRate))</strong>"
                + " · score \(NumberText.score(model.base.meanScore)) [\(NumberText.interval(model.base.interval))] → \(NumberText.score(model.candidate.meanScore)) [\(NumberText.interval(model.candidate.interval))]"
                + " · Δ \(NumberText.signed(model.meanDifference)) (95% CI \(NumberText.signedInterval(model.interval)))"
                + " · \(model.passToFail) pass → fail, \(model.failToPass) fail → pass"
                + " · cost \(NumberText.money(before?.cost ?? 0)) → \(NumberText.money(after?.cost ?? 0))"
            if let baseP50 = before?.latencyP50, let candidateP50 = after?.latencyP50 {
                line += " · p50 \(baseP50) → \(candidateP50) ms"
            }
            lines.append("<div class=\"model-line\">\(line)</div>")
            if let sequential = model.sequential {
                lines.append("<div class=\"model-line muted\">\(Self.escape(sequential.line))</div>")
            }
        }
        return "<div class=\"strip\"><div>\(lines.joined())</div>\(Self.changeHistogram(scoreChanges))</div>"
    }

    /// The prompt's change, open at the top of its section.
    private func promptDiff(_ diff: TextDiff, title: String = "Prompt", filesChanged: Bool = false) -> String {
        guard !diff.isEmpty else {
            return filesChanged
                ? "<p>The candidate prompt file is the base's; a file it names changed (below).</p>"
                : "<p>The candidate prompt is the base: nothing changed in it.</p>"
        }
        var lines: [String] = []
        for hunk in diff.hunks {
            lines.append("<span class=\"hunk\">\(Self.escape(hunk.header))</span>")
            for line in hunk.lines {
                switch line.kind {
                case .context: lines.append(" " + Self.escape(line.text))
                case .added: lines.append("<ins>+\(Self.escape(line.text))</ins>")
                case .removed: lines.append("<del>-\(Self.escape(line.text))</del>")
                }
            }
        }
        let stats = diff.stats
        return
            "<details class=\"prompt-diff\" open><summary>\(title) diff base → candidate (+\(stats.added) −\(stats.removed))</summary><pre class=\"diff\">\(lines.joined(separator: "\n"))</pre></details>"
    }

    /// Every model's shown rows as one matrix: a compact line per row (the changed marker,
    /// the inputs in brief, pass/fail chips per evaluator for base and candidate, the score
    /// change) that opens onto the row itself. Sortable by row and by change, filtered by
    /// text, kind of change, model and evaluator. The link's `#` part presets the filters
    /// and opens rows (`#model=gpt-4o&evaluator=tone&kind=worse&sort=-delta&row=t007`), so
    /// a view can be shared.
    private func pairTable(
        _ slots: [(RowPairDigest.Model, String)], evaluators: [String], subject: ComparisonSubject
    ) -> String {
        // A line per row, its pairs (one per model) in the order the first model shows them.
        var lines: [(id: String, pairs: [(model: String, pair: RowPairDigest.RowPair)])] = []
        var lineOfRow: [String: Int] = [:]
        var (listedPairs, allPairs) = (0, 0)
        for (pairs, model) in slots {
            allPairs += pairs.rows
            for pair in pairs.shown.prefix(rowLimit) {
                listedPairs += 1
                if let line = lineOfRow[pair.id] {
                    lines[line].pairs.append((model, pair))
                } else {
                    lineOfRow[pair.id] = lines.count
                    lines.append((pair.id, [(model, pair)]))
                }
            }
        }
        let severalModels = slots.count > 1
        var rows = ""
        var kindCounts: [String: Int] = [:]
        var modelCounts: [String: Int] = [:]
        var failCounts: [String: Int] = [:]
        for line in lines {
            let kinds = Set(line.pairs.map { Self.kind(of: $0.pair) })
            let fails = Set(line.pairs.flatMap { $0.pair.candidate.evaluations.filter { !$0.value.passed }.keys })
            for kind in kinds { kindCounts[kind, default: 0] += 1 }
            for (model, _) in line.pairs { modelCounts[model, default: 0] += 1 }
            for name in fails { failCounts[name, default: 0] += 1 }
            // The line is as bad as its worst pair.
            let worst = line.pairs.compactMap(\.pair.delta).min()
            let lineKind = ["worse", "better", "changed", "same"].first { kinds.contains($0) } ?? "same"
            let changed = line.pairs.contains { $0.pair.base.answerText != $0.pair.candidate.answerText }
            let marker =
                changed
                ? "<span class=\"dot\" title=\"output changed\">●</span>"
                : "<span class=\"dot off\" title=\"output unchanged\">○</span>"
            func list(_ values: some Sequence<String>) -> String {
                Self.escape(JSONValue.array(values.sorted().map(JSONValue.string)).canonicalJSON)
            }
            let first = line.pairs[0]
            rows +=
                "<tr class=\"row \(lineKind)\" tabindex=\"0\" aria-expanded=\"false\" data-id=\"\(Self.escape(line.id))\" data-kinds=\"\(list(kinds))\" data-models=\"\(list(line.pairs.map(\.model)))\" data-fails=\"\(list(fails))\">"
                + "<td data-sort=\"\(Self.escape(line.id))\">\(marker) <code>\(Self.escape(line.id))</code>"
                + (severalModels ? "" : "<small class=\"stats\">\(Self.escape(first.model))</small>") + "</td>"
                + "<td class=\"preview\">\(Self.escape(Self.preview(subject.rowInputs[line.id])))</td>"
            if severalModels {
                for (_, model) in slots {
                    guard let pair = line.pairs.first(where: { $0.model == model })?.pair else {
                        rows += "<td></td>"
                        continue
                    }
                    rows +=
                        "<td><span class=\"chips\">\(Self.chips(pair.base))</span> → <span class=\"chips\">\(Self.chips(pair.candidate))</span> \(Self.change(pair.delta))</td>"
                }
            } else {
                rows +=
                    "<td><span class=\"chips\">\(Self.chips(first.pair.base))</span></td><td><span class=\"chips\">\(Self.chips(first.pair.candidate))</span></td>"
            }
            let scores =
                severalModels
                ? ""
                : "<small class=\"stats\">\(first.pair.baseScore.map(NumberText.score) ?? "–") → \(first.pair.candidateScore.map(NumberText.score) ?? "–")</small>"
            let inputs = Self.inputList(
                subject.rowInputs[line.id], imageInputs: subject.imageInputs, thumbnails: subject.thumbnails)
            let opened =
                line.pairs.map { detail($0.pair, model: $0.model, subject: subject) }.joined()
                + (inputs.isEmpty ? "" : "<h3>Inputs</h3>\(inputs)")
            rows +=
                "<td class=\"num\" data-sort=\"\(worst ?? 0)\">\(Self.change(worst))\(scores)</td></tr>"
                + "<tr class=\"detail\"><td colspan=\"\(severalModels ? slots.count + 3 : 5)\">\(opened)</td></tr>"
        }
        func option(_ value: String, _ label: String, _ count: Int) -> String {
            "<option value=\"\(Self.escape(value))\">\(Self.escape(label)) (\(count))</option>"
        }
        let kinds = [
            ("worse", "worse"), ("better", "better"), ("changed", "output changed, same score"), ("same", "unchanged"),
        ]
        .map { option($0.0, $0.1, kindCounts[$0.0] ?? 0) }.joined()
        let models = slots.map(\.1).map { option($0, $0, modelCounts[$0] ?? 0) }.joined()
        let evaluatorOptions = evaluators.map { option($0, "\($0) fails (candidate)", failCounts[$0] ?? 0) }.joined()
        let more =
            allPairs > listedPairs
            ? "<p>… and \(allPairs - listedPairs) more \(severalModels ? "rows of a model" : "rows") in results.jsonl.</p>"
            : ""
        let middle = severalModels ? slots.map { ($0.1, "", "") } : [("base", "", ""), ("candidate", "", "")]
        // A model's cell holds both sides' chips and the change: wider than one side's,
        // and the inputs give way as models are added.
        let modelColumns =
            severalModels
            ? String(
                repeating: "<col style=\"width:\(String(format: "%.1f", min(18, 60 / Double(slots.count))))%\">",
                count: slots.count)
            : "<col class=\"chips\"><col class=\"chips\">"
        let change = severalModels ? "worst Δ" : "Δ score"
        let header = ([("row", "text", "row"), ("inputs", "", "")] + middle + [(change, "number", "delta")])
            .map {
                $0.1.isEmpty
                    ? "<th>\($0.0)</th>"
                    : "<th class=\"sortable\" data-type=\"\($0.1)\" data-name=\"\($0.2)\" tabindex=\"0\">\($0.0)</th>"
            }.joined()
        return """
            <div class="filters"><input type="search" placeholder="filter rows by id or text" aria-label="filter rows">
            <select name="kind" aria-label="kind of change"><option value="">all kinds (\(lines.count))</option>\(kinds)</select>
            <select name="model" aria-label="model"><option value="">all models</option>\(models)</select>
            <select name="evaluator" aria-label="evaluator"><option value="">all evaluators</option>\(evaluatorOptions)</select>
            <button type="button" class="open-all">open all shown</button><button type="button" class="close-all">close all</button>
            <span class="count"></span><span class="keys"><kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> opens · <kbd>Esc</kbd> closes</span></div>
            <table class="pairs"><colgroup><col class="id"><col class="preview">\(modelColumns)<col class="change"></colgroup><thead><tr>\(header)</tr></thead><tbody>\(rows)</tbody></table>\(more)
            """
    }

    /// A row opened: production's logged answer when the dataset has one, base and
    /// candidate side by side with the changed words marked, each evaluator's reason,
    /// latency and cost; then the inputs in full.
    private func detail(_ pair: RowPairDigest.RowPair, model: String, subject: ComparisonSubject) -> String {
        let changed = pair.base.answerText != pair.candidate.answerText
        let (old, new) = Self.wordDiff(pair.base.shownText, pair.candidate.shownText)
        var columns: [String] = []
        if let logged = subject.rowLoggedOutputs[pair.id] {
            let text = logged.displayText
            columns.append(
                "<div class=\"col\"><h3>Production (logged)</h3>\(Self.output(Self.escape(text), text: text))</div>")
        }
        columns.append(
            "<div class=\"col\"><h3>Base</h3>\(Self.output(old, text: pair.base.shownText))\(Self.reasons(pair.base))\(Self.callStats(pair.base))</div>"
        )
        columns.append(
            "<div class=\"col\"><h3>Candidate</h3>\(Self.output(new, text: pair.candidate.shownText))\(Self.reasons(pair.candidate))\(Self.callStats(pair.candidate))</div>"
        )
        return
            "<h4>Row <code>\(Self.escape(pair.id))</code> · \(Self.escape(model)) · \(changed ? "changed" : "unchanged")</h4>"
            + "<div class=\"cols cols-\(columns.count)\">\(columns.joined())</div>"
    }

    /// What happened to a pair, for the filters: its score fell or rose, or only its
    /// output changed, or nothing did.
    static func kind(of pair: RowPairDigest.RowPair) -> String {
        let delta = pair.delta ?? 0
        return delta < -1e-9
            ? "worse" : delta > 1e-9 ? "better" : pair.base.answerText != pair.candidate.answerText ? "changed" : "same"
    }

    /// A score change coloured as the matrix shows it, or a dash when it is not known.
    static func change(_ delta: Double?) -> String {
        guard let delta else { return "<span class=\"muted\">–</span>" }
        return
            "<span class=\"\(delta < -1e-9 ? "fail" : delta > 1e-9 ? "pass" : "muted")\">\(signedChange(delta))</span>"
    }

    /// An output as the page shows it: folded to a few lines with "more" when long.
    static func output(_ html: String, text: String) -> String {
        let long = text.split(separator: "\n", omittingEmptySubsequences: false).count > 8 || text.count > 700
        return long
            ? "<pre class=\"out clipped\">\(html)</pre><button type=\"button\" class=\"more\">more</button>"
            : "<pre class=\"out\">\(html)</pre>"
    }

    /// A row's inputs on one line, as the matrix shows them: `key: value · …`, cut at 140.
    static func preview(_ inputs: [String: JSONValue]?) -> String {
        let text = (inputs ?? [:]).sorted { $0.key < $1.key }.map { key, value in
            "\(key): \(value.stringValue ?? value.canonicalJSON)"
        }.joined(separator: " · ")
        return text.count > 140 ? String(text.prefix(139)) + "…" : text
    }

    /// A score change as the matrix shows it: `+0.25`, `−0.50`, `±0.00`.
    static func signedChange(_ change: Double) -> String {
        let sign = change > 1e-9 ? "+" : change < -1e-9 ? "−" : "±"
        return sign + String(format: "%.2f", abs(change))
    }

    /// A row's inputs in full, one term each; images as pictures, embedded (the report
    /// is one file), or by their path when too large to embed.
    static func inputList(
        _ inputs: [String: JSONValue]?, imageInputs: [String] = [], thumbnails: [String: ImagePart] = [:]
    ) -> String {
        guard let inputs, !inputs.isEmpty else { return "" }
        return "<dl class=\"inputs\">"
            + inputs.keys.sorted().map { key in
                // A conversation reads as one: a line per message, calls under it.
                let value = inputs[key] ?? .null
                if imageInputs.contains(key), let source = value.stringValue {
                    let caption = source.hasPrefix("data:") ? "data: URL" : source
                    guard let image = thumbnails[source] else {
                        return "<dt>\(escape(key))</dt><dd>image \(escape(caption)) (not embedded)</dd>"
                    }
                    return
                        "<dt>\(escape(key))</dt><dd><figure class=\"thumb\"><img src=\"\(image.dataURL)\" alt=\"\(escape(caption))\">"
                        + "<figcaption>\(escape(caption))</figcaption></figure></dd>"
                }
                if let transcript = ChatMessage.transcript(of: value) {
                    return "<dt>\(escape(key))</dt><dd><pre>\(escape(transcript))</pre></dd>"
                }
                return "<dt>\(escape(key))</dt><dd>\(escape(value.displayText))</dd>"
            }.joined() + "</dl>"
    }

    /// Each evaluator's pass or fail as a small chip with its initial, as the web view's
    /// matrix shows them (the name and score on hover).
    static func chips(_ record: ResultRecord) -> String {
        record.evaluations.sorted { $0.key < $1.key }.map { name, evaluation in
            let kind = evaluation.error != nil ? "err" : evaluation.passed ? "ok" : "no"
            let state = evaluation.error.map { "error \($0)" } ?? (evaluation.passed ? "pass" : "fail")
            return
                "<span class=\"chip \(kind)\" title=\"\(escape(name)): \(escape(state)) \(NumberText.score(evaluation.score))\">\(escape(String(name.prefix(1))))</span>"
        }.joined()
    }

    /// A call's latency and cost, under its output.
    static func callStats(_ record: ResultRecord) -> String {
        var parts: [String] = []
        if let latency = record.latencyMilliseconds { parts.append("\(latency) ms") }
        if let cost = record.cost { parts.append(NumberText.money(cost)) }
        return parts.isEmpty ? "" : "<small class=\"stats\">\(parts.joined(separator: " · "))</small>"
    }

    static func milliseconds(_ record: ResultRecord) -> String {
        record.latencyMilliseconds.map(String.init) ?? "–"
    }

    /// The evaluators' verdicts as a list, failures marked.
    static func reasons(_ record: ResultRecord) -> String {
        let items = MarkdownReport.reasonLines(record).map { line in
            "<li class=\"\(line.passed ? "pass" : "fail")\">\(escape(line.text))</li>"
        }
        return items.isEmpty ? "" : "<ul class=\"reasons\">\(items.joined())</ul>"
    }

    /// Both texts escaped, with removed words marked in the old and added words in the new.
    static func wordDiff(_ old: String, _ new: String) -> (String, String) {
        var before = ""
        var after = ""
        for segment in WordDiff.diff(old: old, new: new) {
            let text = escape(segment.text)
            switch segment.kind {
            case .same:
                before += text
                after += text
            case .removed: before += "<del>\(text)</del>"
            case .added: after += "<ins>\(text)</ins>"
            }
        }
        return (before, after)
    }

    /// Escaped, with Markdown's `code` spans as `<code>` (titles are written for Markdown too).
    static func inlineCode(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { index, part in
            index % 2 == 1 ? "<code>\(escape(String(part)))</code>" : escape(String(part))
        }.joined()
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
