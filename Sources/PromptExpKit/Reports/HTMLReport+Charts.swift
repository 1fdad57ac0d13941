import Foundation

/// The report's charts, drawn as inline SVG (the report is one file with no network).
extension HTMLReport {
    /// How many rows moved by how much, candidate minus base, in 21 bins from −1 to +1:
    /// the web view's chart of the experiment page, drawn the same way.
    static func changeHistogram(_ changes: [Double]) -> String {
        var counts = [Int](repeating: 0, count: 21)
        for change in changes { counts[min(20, max(0, Int((change * 10 + 10).rounded())))] += 1 }
        let highest = max(1, counts.max() ?? 1)
        var bars = ""
        for (index, count) in counts.enumerated() {
            let height = count == 0 ? 0 : max(2, 80 * Double(count) / Double(highest))
            let colour = index < 10 ? "#cf222e" : index > 10 ? "#1a7f37" : "#8c959f"
            bars +=
                "<rect x=\"\(10 + index * 19)\" y=\"\(88 - height)\" width=\"15\" height=\"\(height)\" fill=\"\(colour)\"><title>\(count) rows changed by \(String(format: "%.1f", Double(index - 10) / 10))</title></rect>"
        }
        return """
            <figure class="chart"><svg viewBox="0 0 420 110" width="420" height="110" role="img" aria-label="rows by score change, from -1 to +1">\
            \(bars)<text x="10" y="104">−1</text><text x="200" y="104">0</text><text x="390" y="104">+1</text></svg>\
            <figcaption>score change per row, candidate − base</figcaption></figure>
            """
    }

    /// Two overlaid histograms of per-row scores, ten bins over [0, 1].
    func distributionChart(_ pairs: RowPairDigest.Model, model: String) -> String {
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
    func deltaChart(_ pairs: RowPairDigest.Model) -> String {
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
}
