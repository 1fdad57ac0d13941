import PromptExpKit

/// What an import says when it is done: the format, rows written, and every request it
/// skipped counted by reason with where, so nothing is dropped in silence.
struct ImportSummaryPrinter {
    let console: Console

    /// `these 41 requests fit support/reply v1 (5bbaeb6): --prompt-version v1`.
    static func hint(_ fit: Project.FittingVersion, id: String) -> String {
        "\(fit.imported == 1 ? "1 request fits" : "these \(fit.imported) requests fit") \(id) \(fit.version.label) (\(fit.version.commit.id.short)): --prompt-version \(fit.version.label)"
    }

    func print(_ summary: LogImporter.Summary, target: String, prompt: String) {
        console.print("format: \(summary.format.rawValue)\(summary.detected ? " (detected from the first line)" : "")")
        var line =
            "\(counted(summary.lines, "line")) read; \(summary.imported) row\(summary.imported == 1 ? "" : "s") written to \(target) for \(prompt)"
        var notes: [String] = []
        if summary.duplicates > 0 { notes.append("\(counted(summary.duplicates, "duplicate")) dropped") }
        if summary.withoutOutput > 0 { notes.append("\(summary.withoutOutput) without an output") }
        if !notes.isEmpty { line += " (" + notes.joined(separator: ", ") + ")" }
        console.print(line)
        printSkipped(summary)
    }

    /// Every request skipped, counted by reason with where, and the malformed lines.
    func printSkipped(_ summary: LogImporter.Summary) {
        if summary.skippedTotal > 0 {
            let count = summary.skippedTotal
            console.print("\(count) request\(count == 1 ? "" : "s") skipped, not matching the template:")
            for reason in summary.skipped.keys.sorted() {
                let places = (summary.examples[reason] ?? []).map(\.description).joined(separator: ", ")
                console.print(
                    "  \(summary.skipped[reason] ?? 0) with \(reason)"
                        + (places.isEmpty ? "" : " (\(places)\((summary.skipped[reason] ?? 0) > 5 ? ", …" : ""))"))
            }
        }
        if summary.badLines > 0 {
            console.print(
                "\(summary.badLines) malformed line\(summary.badLines == 1 ? "" : "s") skipped (--strict stops at the first):"
            )
            for (location, message) in summary.badLineExamples { console.print("  \(location): \(message)") }
        }
    }
}
