/// One self-contained HTML file (no network, no CDN, no external file): the verdict, score
/// distributions and per-row deltas as inline SVG charts, and a side-by-side table of
/// every pair with word-level diffs, filterable by text and by kind of change.
public struct HTMLReport {
    public let report: ComparisonReport
    /// Rows shown in the table per prompt and model; the rest are counted.
    public var rowLimit = 2000

    public init(_ report: ComparisonReport, rowLimit: Int = 2000) {
        self.report = report
        self.rowLimit = rowLimit
    }

    public func render() -> String {
        var body = ["<h1>\(Self.escape(report.title))</h1>", verdictBanner(report.verdict, detail: headline)]
        for subject in report.subjects { body.append(section(subject)) }
        if !report.unchecked.isEmpty {
            body.append("<h2>Unchecked prompts</h2><ul>"
                + report.unchecked.map { "<li><code>\(Self.escape($0.prompt))</code>: \(Self.escape($0.reason))</li>" }.joined() + "</ul>")
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(report.title))</title>
            <style>\(Self.style)</style></head>
            <body>
            \(body.joined(separator: "\n"))
            <script>\(Self.script)</script>
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
        var parts = [
            "<section><h2><code>\(Self.escape(subject.prompt))</code></h2>",
            verdictBanner(subject.comparison.verdict, detail: "base \(subject.baseLabel) against candidate \(subject.candidateLabel) over \(subject.dataset); \(changes.changed) of \(changes.pairs) outputs changed"),
        ]
        for note in subject.notes { parts.append("<p class=\"note\">\(Self.escape(note))</p>") }
        let summary = subject.summary
        var table = "<table class=\"scores\"><tr><th>model</th><th>variant</th><th>mean score (95% CI)</th><th>pass rate</th><th>calls</th><th>errors</th><th>tokens in / out</th><th>cost</th></tr>"
        for model in subject.comparison.models {
            for scores in [model.base, model.candidate] {
                let group = summary.groups.first { $0.variant == scores.variant && $0.model == scores.model }
                table += "<tr><td>\(Self.escape(scores.model))</td><td>\(scores.variant)</td><td>\(ReportNumbers.score(scores.meanScore)) (\(ReportNumbers.interval(scores.interval)))</td><td>\(ReportNumbers.percent(scores.passRate))</td><td>\(group?.calls ?? 0)</td><td>\(group?.errors ?? 0)</td><td>\(group?.inputTokens ?? 0) / \(group?.outputTokens ?? 0)</td><td>\(ReportNumbers.money(group?.cost ?? 0))</td></tr>"
            }
            table += "<tr class=\"delta\"><td>\(Self.escape(model.model))</td><td>Δ</td><td>\(ReportNumbers.signed(model.meanDifference)) (\(ReportNumbers.signedInterval(model.interval)))</td><td>\(ReportNumbers.points(model.candidate.passRate - model.base.passRate))</td><td colspan=\"4\">\(model.passToFail) pass → fail, \(model.failToPass) fail → pass, McNemar p \(ReportNumbers.pValue(model.pValue)): \(model.verdict.rawValue)</td></tr>"
        }
        parts.append(table + "</table>")
        let digest = subject.rowPairs
            ?? RowPairDigest(records: subject.records, weights: subject.comparison.weights, limit: rowLimit)
        for model in subject.comparison.models {
            guard let pairs = digest.model(base: model.baseModel, candidate: model.candidateModel) else { continue }
            parts.append("<div class=\"charts\">\(distributionChart(pairs, model: model.model))\(deltaChart(pairs))</div>")
            parts.append(pairTable(pairs, model: model))
        }
        return parts.joined(separator: "\n") + "</section>"
    }

    /// Two overlaid histograms of per-row scores, ten bins over [0, 1].
    private func distributionChart(_ pairs: RowPairDigest.Model, model: String) -> String {
        let before = pairs.baseBins, after = pairs.candidateBins
        let top = max(1, (before + after).max() ?? 1)
        var bars = ""
        for index in 0..<10 {
            let x = 30 + index * 36
            let heightBase = Double(before[index]) / Double(top) * 120
            let heightCandidate = Double(after[index]) / Double(top) * 120
            bars += "<rect class=\"base\" x=\"\(x)\" y=\"\(140 - heightBase)\" width=\"16\" height=\"\(heightBase)\"><title>base \(Double(index) / 10)–\(Double(index + 1) / 10): \(before[index])</title></rect>"
            bars += "<rect class=\"candidate\" x=\"\(x + 17)\" y=\"\(140 - heightCandidate)\" width=\"16\" height=\"\(heightCandidate)\"><title>candidate \(Double(index) / 10)–\(Double(index + 1) / 10): \(after[index])</title></rect>"
            if index % 2 == 0 { bars += "<text x=\"\(x)\" y=\"156\">\(Double(index) / 10)</text>" }
        }
        return """
            <figure><svg viewBox="0 0 400 170" width="400" height="170" role="img" aria-label="score distribution">\
            <line x1="28" y1="140" x2="392" y2="140" class="axis"/>\(bars)<text x="372" y="156">1.0</text>\
            <text x="30" y="14" class="legend-base">■ base</text><text x="100" y="14" class="legend-candidate">■ candidate</text></svg>\
            <figcaption>Per-row score distribution · \(Self.escape(model))</figcaption></figure>
            """
    }

    /// Each row's score change, sorted, as a bar: below the line got worse. Past one bar a
    /// pixel column, each bar is the change at its quantile.
    private func deltaChart(_ pairs: RowPairDigest.Model) -> String {
        let all = pairs.deltas.sorted()
        guard !all.isEmpty else { return "" }
        let bars = min(all.count, 360)
        let shown = (0..<bars).map { all[$0 * all.count / bars] }
        let width = 360.0 / Double(shown.count)
        let worse = all.filter { $0 < -1e-9 }.count, better = all.filter { $0 > 1e-9 }.count
        var marks = ""
        for (index, delta) in shown.enumerated() {
            let height = abs(delta) * 60
            let y = delta < 0 ? 80 : 80 - height
            let kind = delta < -1e-9 ? "worse" : delta > 1e-9 ? "better" : "same"
            marks += "<rect class=\"\(kind)\" x=\"\(30 + Double(index) * width)\" y=\"\(y)\" width=\"\(max(0.5, width - 0.5))\" height=\"\(max(0.5, height))\"/>"
        }
        return """
            <figure><svg viewBox="0 0 400 170" width="400" height="170" role="img" aria-label="score change per row">\
            <line x1="28" y1="80" x2="392" y2="80" class="axis"/>\(marks)<text x="0" y="24">+1</text><text x="0" y="144">−1</text></svg>\
            <figcaption>Score change per row, sorted (\(worse) worse, \(better) better)</figcaption></figure>
            """
    }

    private func pairTable(_ pairs: RowPairDigest.Model, model: ScoreComparison.ModelComparison) -> String {
        var rows = ""
        for pair in pairs.shown.prefix(rowLimit) {
            let kind = (pair.delta ?? 0) < -1e-9 ? "worse" : (pair.delta ?? 0) > 1e-9 ? "better"
                : pair.base.output != pair.candidate.output ? "changed" : "same"
            let (old, new) = Self.wordDiff(MarkdownReport.shown(pair.base), MarkdownReport.shown(pair.candidate))
            rows += "<tr class=\"row \(kind)\" data-kind=\"\(kind)\"><td><code>\(Self.escape(pair.id))</code><br>\(pair.baseScore.map(ReportNumbers.score) ?? "–") → \(pair.candidateScore.map(ReportNumbers.score) ?? "–")</td>"
                + "<td><pre>\(old)</pre>\(Self.reasons(pair.base))</td><td><pre>\(new)</pre>\(Self.reasons(pair.candidate))</td></tr>"
        }
        let listed = min(rowLimit, pairs.shown.count)
        let more = pairs.rows > listed ? "<p>… and \(pairs.rows - listed) more rows in results.jsonl.</p>" : ""
        return """
            <div class="filters"><input type="search" placeholder="filter rows by id or text" aria-label="filter rows">
            <select aria-label="kind of change"><option value="">all rows</option><option value="worse">worse</option><option value="better">better</option><option value="changed">output changed, same score</option><option value="same">unchanged</option></select>
            <span class="count"></span></div>
            <table class="pairs"><thead><tr><th>row · score</th><th>base</th><th>candidate</th></tr></thead><tbody>\(rows)</tbody></table>\(more)
            """
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
        var before = "", after = ""
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

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;background:#fff}
        h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;margin:28px 0 8px}
        .verdict{padding:10px 14px;border-radius:6px;margin:8px 0;border:1px solid}
        .verdict.regressed{background:#ffebe9;border-color:#ff8182}.verdict.improved{background:#dafbe1;border-color:#4ac26b}
        .verdict.unchanged{background:#f6f8fa;border-color:#d0d7de}.verdict.inconclusive{background:#fff8c5;border-color:#d4a72c}
        table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left}
        th{background:#f6f8fa}tr.delta td{font-weight:600}
        .charts{display:flex;gap:16px;flex-wrap:wrap}figure{margin:8px 0}figcaption{font-size:12px;color:#57606a}
        svg text{font-size:10px;fill:#57606a}.axis{stroke:#8c959f}
        rect.base{fill:#8c959f}rect.candidate{fill:#0969da}.legend-base{fill:#8c959f}.legend-candidate{fill:#0969da}
        rect.worse{fill:#cf222e}rect.better{fill:#1a7f37}rect.same{fill:#8c959f}
        table.pairs{width:100%;table-layout:fixed}table.pairs td:first-child{width:130px}
        pre{white-space:pre-wrap;word-break:break-word;margin:0 0 4px;font:12px/1.4 ui-monospace,monospace}
        del{background:#ffcecb;text-decoration:line-through}ins{background:#aceebb;text-decoration:none}
        tr.worse td:first-child{border-left:4px solid #cf222e}tr.better td:first-child{border-left:4px solid #1a7f37}
        small{color:#57606a}ul.reasons{margin:2px 0 0;padding-left:16px;font-size:12px;color:#57606a}
        ul.reasons li.fail{color:#cf222e;font-weight:600}.filters{margin:8px 0;display:flex;gap:8px;align-items:center}.note{color:#9a6700}
        """

    static let script = """
        document.querySelectorAll('.filters').forEach(function(bar){
          var table=bar.nextElementSibling, input=bar.querySelector('input'), select=bar.querySelector('select'), count=bar.querySelector('.count');
          function apply(){var q=input.value.toLowerCase(), k=select.value, shown=0;
            table.querySelectorAll('tr.row').forEach(function(tr){var ok=(!k||tr.dataset.kind===k)&&(!q||tr.textContent.toLowerCase().indexOf(q)>=0);
              tr.style.display=ok?'':'none'; if(ok)shown++;});
            count.textContent=shown+' rows';}
          input.addEventListener('input',apply); select.addEventListener('change',apply); apply();});
        """
}
