import Foundation

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
            verdictBanner(
                subject.comparison.verdict,
                detail:
                    "base \(subject.baseLabel) against candidate \(subject.candidateLabel) over \(subject.dataset); \(changes.changed) of \(changes.pairs) outputs changed"
            ),
        ]
        for note in subject.notes { parts.append("<p class=\"note\">\(Self.escape(note))</p>") }
        if let diff = subject.promptDiff { parts.append(promptDiff(diff, filesChanged: !subject.fileDiffs.isEmpty)) }
        for (path, diff) in subject.fileDiffs.sorted(by: { $0.key < $1.key }) {
            parts.append(promptDiff(diff, title: "<code>\(Self.escape(path))</code> (named by the prompt)"))
        }
        let summary = subject.summary
        var table =
            "<table class=\"scores\"><tr><th>model</th><th>variant</th><th>mean score (95% CI)</th><th>pass rate</th><th>calls</th><th>errors</th><th>tokens in / out</th><th>cost</th></tr>"
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
        }
        parts.append(table + "</table>")
        let digest =
            subject.rowPairs
            ?? RowPairDigest(records: subject.records, weights: subject.comparison.weights, limit: rowLimit)
        var slots: [(RowPairDigest.Model, String)] = []
        for model in subject.comparison.models {
            guard let pairs = digest.model(base: model.baseModel, candidate: model.candidateModel) else { continue }
            parts.append(
                "<div class=\"charts\">\(distributionChart(pairs, model: model.model))\(deltaChart(pairs))</div>")
            slots.append((pairs, model.model))
        }
        if !subject.isScored {
            slots = digest.models.map { ($0, $0.candidateModel) }
        }
        parts.append(pairTable(slots, evaluators: subject.comparison.evaluatorNames, subject: subject))
        return parts.joined(separator: "\n") + "</section>"
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

    /// Two overlaid histograms of per-row scores, ten bins over [0, 1].
    private func distributionChart(_ pairs: RowPairDigest.Model, model: String) -> String {
        let before = pairs.baseBins
        let after = pairs.candidateBins
        let top = max(1, (before + after).max() ?? 1)
        var bars = ""
        for index in 0..<10 {
            let x = 30 + index * 36
            let heightBase = Double(before[index]) / Double(top) * 120
            let heightCandidate = Double(after[index]) / Double(top) * 120
            bars +=
                "<rect class=\"base\" x=\"\(x)\" y=\"\(140 - heightBase)\" width=\"16\" height=\"\(heightBase)\"><title>base \(Double(index) / 10)–\(Double(index + 1) / 10): \(before[index])</title></rect>"
            bars +=
                "<rect class=\"candidate\" x=\"\(x + 17)\" y=\"\(140 - heightCandidate)\" width=\"16\" height=\"\(heightCandidate)\"><title>candidate \(Double(index) / 10)–\(Double(index + 1) / 10): \(after[index])</title></rect>"
            if index % 2 == 0 { bars += "<text x=\"\(x)\" y=\"156\">\(Double(index) / 10)</text>" }
        }
        let baseRows = before.reduce(0, +)
        let candidateRows = after.reduce(0, +)
        return """
            <figure><svg viewBox="0 0 400 182" width="400" height="182" role="img" aria-label="score distribution">\
            <line x1="28" y1="140" x2="392" y2="140" class="axis"/><line x1="28" y1="20" x2="28" y2="140" class="axis"/>\
            <text x="24" y="24" text-anchor="end">\(top)</text><text x="24" y="82" text-anchor="end">\(top / 2)</text>\
            <text x="24" y="142" text-anchor="end">0</text>\(bars)<text x="372" y="156">1.0</text>\
            <text x="210" y="174" text-anchor="middle">score (rows per bin)</text>\
            <text x="34" y="12" class="legend-base">■ base (\(counted(baseRows, "row")))</text><text x="160" y="12" class="legend-candidate">■ candidate (\(counted(candidateRows, "row")))</text></svg>\
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
        let worse = all.filter { $0 < -1e-9 }.count
        let better = all.filter { $0 > 1e-9 }.count
        var marks = ""
        for (index, delta) in shown.enumerated() {
            let height = abs(delta) * 60
            let y = delta < 0 ? 80 : 80 - height
            let kind = delta < -1e-9 ? "worse" : delta > 1e-9 ? "better" : "same"
            marks +=
                "<rect class=\"\(kind)\" x=\"\(30 + Double(index) * width)\" y=\"\(y)\" width=\"\(max(0.5, width - 0.5))\" height=\"\(max(0.5, height))\"/>"
        }
        return """
            <figure><svg viewBox="0 0 400 170" width="400" height="170" role="img" aria-label="score change per row">\
            <line x1="28" y1="80" x2="392" y2="80" class="axis"/><line x1="28" y1="20" x2="28" y2="140" class="axis"/>\(marks)\
            <text x="24" y="24" text-anchor="end">+1</text><text x="24" y="84" text-anchor="end">0</text><text x="24" y="144" text-anchor="end">−1</text>\
            <text x="210" y="162" text-anchor="middle">\(counted(all.count, "row")), sorted by score change</text></svg>\
            <figcaption>Score change per row (\(worse) worse, \(all.count - worse - better) same, \(better) better)</figcaption></figure>
            """
    }

    /// Every model's shown rows in one table: sortable by any column, filtered by text,
    /// kind of change, model and evaluator. The link's `#` part can preset the filters
    /// (`#model=gpt-4o&evaluator=tone&kind=worse&sort=delta`), so a view can be shared.
    private func pairTable(
        _ slots: [(RowPairDigest.Model, String)], evaluators: [String], subject: ComparisonSubject
    ) -> String {
        var rows = ""
        var listedRows = 0
        var allRows = 0
        var kindCounts: [String: Int] = [:]
        var modelCounts: [String: Int] = [:]
        var failCounts: [String: Int] = [:]
        for (pairs, model) in slots {
            allRows += pairs.rows
            for pair in pairs.shown.prefix(rowLimit) {
                listedRows += 1
                let kind =
                    (pair.delta ?? 0) < -1e-9
                    ? "worse"
                    : (pair.delta ?? 0) > 1e-9
                        ? "better"
                        : pair.base.answerText != pair.candidate.answerText ? "changed" : "same"
                let fails = pair.candidate.evaluations.filter { !$0.value.passed }.keys.sorted()
                kindCounts[kind, default: 0] += 1
                modelCounts[model, default: 0] += 1
                for name in fails { failCounts[name, default: 0] += 1 }
                let (old, new) = Self.wordDiff(MarkdownReport.shown(pair.base), MarkdownReport.shown(pair.candidate))
                let cost = (pair.base.cost ?? 0) + (pair.candidate.cost ?? 0)
                // The row, its score and what the pair cost in narrow columns; the inputs and the
                // two outputs take the room (latency and cost of each call sit under its output).
                rows +=
                    "<tr class=\"row \(kind)\" data-kind=\"\(kind)\" data-model=\"\(Self.escape(model))\" data-fails=\"\(Self.escape(JSONValue.array(fails.map(JSONValue.string)).canonicalJSON))\">"
                    + "<td data-sort=\"\(Self.escape(pair.id))\"><code>\(Self.escape(pair.id))</code><small class=\"stats\">\(Self.escape(model))</small></td>"
                    + "<td data-sort=\"\(pair.delta ?? 0)\">\(pair.baseScore.map(NumberText.score) ?? "–") → \(pair.candidateScore.map(NumberText.score) ?? "–")"
                    + "<div class=\"chips\">\(Self.chips(pair.base))<span class=\"to\">→</span>\(Self.chips(pair.candidate))</div><small class=\"stats\">\(Self.milliseconds(pair.base)) → \(Self.milliseconds(pair.candidate)) ms · \(NumberText.money(cost))</small></td>"
                    + "<td>\(Self.inputList(subject.rowInputs[pair.id], imageInputs: subject.imageInputs, thumbnails: subject.thumbnails))</td>"
                    + "<td><pre>\(old)</pre>\(Self.reasons(pair.base))\(Self.callStats(pair.base))</td>"
                    + "<td><pre>\(new)</pre>\(Self.reasons(pair.candidate))\(Self.callStats(pair.candidate))</td></tr>"
            }
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
        let more = allRows > listedRows ? "<p>… and \(allRows - listedRows) more rows in results.jsonl.</p>" : ""
        let header = [("row", "text"), ("score", "number"), ("inputs", ""), ("base", ""), ("candidate", "")]
            .map {
                $0.1.isEmpty
                    ? "<th>\($0.0)</th>" : "<th class=\"sortable\" data-type=\"\($0.1)\" tabindex=\"0\">\($0.0)</th>"
            }.joined()
        return """
            <div class="filters"><input type="search" placeholder="filter rows by id or text" aria-label="filter rows">
            <select name="kind" aria-label="kind of change"><option value="">all kinds (\(listedRows))</option>\(kinds)</select>
            <select name="model" aria-label="model"><option value="">all models</option>\(models)</select>
            <select name="evaluator" aria-label="evaluator"><option value="">all evaluators</option>\(evaluatorOptions)</select>
            <span class="count"></span></div>
            <table class="pairs"><colgroup><col class="narrow"><col class="narrow"><col class="inputs"><col class="output"><col class="output"></colgroup><thead><tr>\(header)</tr></thead><tbody>\(rows)</tbody></table>\(more)
            """
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
        table.pairs{width:100%;table-layout:fixed}col.narrow{width:8%}col.inputs{width:14%}col.output{width:35%}
        pre{white-space:pre-wrap;word-break:break-word;margin:0 0 4px;font:12px/1.4 ui-monospace,monospace}
        del{background:#ffcecb;text-decoration:line-through}ins{background:#aceebb;text-decoration:none}
        tr.worse td:first-child{border-left:4px solid #cf222e}tr.better td:first-child{border-left:4px solid #1a7f37}
        small{color:#57606a}ul.reasons{margin:2px 0 0;padding-left:16px;font-size:12px;color:#57606a}
        ul.reasons li.fail{color:#cf222e;font-weight:600}.filters{margin:8px 0;display:flex;gap:8px;align-items:center;flex-wrap:wrap}.note{color:#9a6700}
        .source{color:#57606a;margin:0 0 8px}small.stats{display:block;color:#57606a;font-size:11px}
        table.pairs td:first-child code{word-break:break-all}
        .verdict>strong{font-size:18px}.chips{display:flex;gap:2px;align-items:center;margin:4px 0;flex-wrap:wrap}.chips .to{color:#57606a;font-size:11px;margin:0 2px}
        .chip{display:inline-block;width:15px;height:15px;line-height:15px;text-align:center;font-size:10px;border-radius:3px;color:#fff}.chip.ok{background:#1a7f37}.chip.no{background:#cf222e}.chip.err{background:#bc4c00}
        @media print{.chip{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        @media print{body{margin:0;font-size:11px}.filters{display:none}th.sortable:after{content:""}table.pairs tr,.charts,.verdict{break-inside:avoid}pre{font-size:10px}h2{break-after:avoid}}
        dl.inputs{margin:0;font-size:12px}dl.inputs dt{font-weight:600;color:#57606a}dl.inputs dd{margin:0 0 4px;white-space:pre-wrap;word-break:break-word}figure.thumb{margin:0}figure.thumb img{max-width:160px;max-height:160px;border:1px solid #d0d7de;border-radius:4px}figure.thumb figcaption{font-size:11px;color:#57606a}
        th.sortable{cursor:pointer;user-select:none}th.sortable:after{content:" ↕";color:#8c959f}th.asc:after{content:" ↑"}th.desc:after{content:" ↓"}
        pre.diff{background:#f6f8fa;padding:8px;border-radius:6px;overflow:auto}pre.diff .hunk{color:#0969da}
        pre.diff ins,pre.diff del{display:inline-block;width:100%}details.prompt-diff summary{cursor:pointer;font-weight:600}
        """

    static let script = """
        function sortRows(table, th, descending){
          var index=Array.prototype.indexOf.call(th.parentNode.children, th), numeric=th.dataset.type==='number';
          var body=table.tBodies[0], rows=Array.prototype.slice.call(body.rows);
          function key(tr){var cell=tr.children[index], v=cell.dataset.sort!==undefined?cell.dataset.sort:cell.textContent;
            return numeric?parseFloat(v):v.toLowerCase();}
          rows.sort(function(a,b){var x=key(a), y=key(b); var c=x<y?-1:x>y?1:0; return descending?-c:c;});
          rows.forEach(function(tr){body.appendChild(tr);});
          th.parentNode.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc');});
          th.classList.add(descending?'desc':'asc');}
        document.querySelectorAll('.filters').forEach(function(bar){
          var table=bar.nextElementSibling, input=bar.querySelector('input'), count=bar.querySelector('.count');
          var kind=bar.querySelector('select[name=kind]'), model=bar.querySelector('select[name=model]'), evaluator=bar.querySelector('select[name=evaluator]');
          function apply(){var q=input.value.toLowerCase(), shown=0;
            table.querySelectorAll('tr.row').forEach(function(tr){
              var ok=(!kind.value||tr.dataset.kind===kind.value)&&(!model.value||tr.dataset.model===model.value)
                &&(!evaluator.value||JSON.parse(tr.dataset.fails).indexOf(evaluator.value)>=0)
                &&(!q||tr.textContent.toLowerCase().indexOf(q)>=0);
              tr.style.display=ok?'':'none'; if(ok)shown++;});
            count.textContent=shown+' rows';}
          [input, kind, model, evaluator].forEach(function(el){el.addEventListener('input',apply); el.addEventListener('change',apply);});
          table.querySelectorAll('th.sortable').forEach(function(th){
            function toggle(){sortRows(table, th, th.classList.contains('asc'));}
            th.addEventListener('click',toggle); th.addEventListener('keydown',function(e){if(e.key==='Enter')toggle();});});
          var preset=new URLSearchParams(location.hash.slice(1));
          if(preset.get('kind'))kind.value=preset.get('kind'); if(preset.get('model'))model.value=preset.get('model');
          if(preset.get('evaluator'))evaluator.value=preset.get('evaluator'); if(preset.get('q'))input.value=preset.get('q');
          if(preset.get('sort')){var name=preset.get('sort').replace(/^-/,''), desc=preset.get('sort')[0]==='-';
            table.querySelectorAll('th.sortable').forEach(function(th){if(th.textContent.split(' ')[0]===name)sortRows(table, th, desc);});}
          apply();});
        """
}
