import PromptExpKit

/// Prints a `TextDiff` as a unified diff; on a colour console, changed words inside a
/// changed line are highlighted, as `git diff --color-words` helps the eye.
struct DiffPrinter {
    let console: Console

    /// An experiment's prompt diff base → candidate under a heading, or a line saying the
    /// candidate is still the base (unless a file the prompt names changed: its diff follows).
    func promptDiff(_ diff: TextDiff, spec: ExperimentSpec, filesChanged: Bool = false) -> String {
        let path = Project.promptPath(for: spec.prompt)
        var text = console.styled("prompt \(spec.prompt): base \(spec.base.ref) → candidate", .bold) + "\n"
        if diff.isEmpty, filesChanged {
            text += "(the prompt file is the base's; a file it names changed)\n"
        } else if diff.isEmpty {
            text += "(the candidate is the base: edit \(path))\n"
        } else {
            text += render(diff, oldLabel: "a/\(path) (base)", newLabel: "b/\(path) (candidate)")
        }
        return text
    }

    func render(_ diff: TextDiff, oldLabel: String, newLabel: String) -> String {
        guard console.colors else { return diff.unified(oldLabel: oldLabel, newLabel: newLabel) }
        var out: [String] = [
            console.styled("--- \(oldLabel)", .bold),
            console.styled("+++ \(newLabel)", .bold),
        ]
        for hunk in diff.hunks {
            out.append(console.styled(hunk.header, .cyan))
            var index = 0
            let lines = hunk.lines
            while index < lines.count {
                guard lines[index].kind == .removed else {
                    out.append(plain(lines[index]))
                    index += 1
                    continue
                }
                // A block of removed lines and the added lines right after it: pair them
                // line by line for word highlights when the counts match.
                let removedEnd = lines[index...].firstIndex { $0.kind != .removed } ?? lines.count
                let addedEnd = lines[removedEnd...].firstIndex { $0.kind != .added } ?? lines.count
                let removed = Array(lines[index..<removedEnd])
                let added = Array(lines[removedEnd..<addedEnd])
                if removed.count == added.count {
                    for (old, new) in zip(removed, added) {
                        let segments = WordDiff.diff(old: old.text, new: new.text)
                        out.append(highlighted(segments, side: .removed) + eofNote(old))
                    }
                    for (old, new) in zip(removed, added) {
                        let segments = WordDiff.diff(old: old.text, new: new.text)
                        out.append(highlighted(segments, side: .added) + eofNote(new))
                    }
                } else {
                    out += (removed + added).map(plain)
                }
                index = addedEnd
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func plain(_ line: TextDiff.Line) -> String {
        let text: String =
            switch line.kind {
            case .context: " " + line.text
            case .removed: console.styled("-" + line.text, .red)
            case .added: console.styled("+" + line.text, .green)
            }
        return text + eofNote(line)
    }

    private func eofNote(_ line: TextDiff.Line) -> String {
        line.missingNewline ? "\n" + console.styled("\\ No newline at end of file", .dim) : ""
    }

    /// One side of a changed line: shared words in the side's colour, its own words highlighted.
    private func highlighted(_ segments: [WordDiff.Segment], side: WordDiff.Kind) -> String {
        let (marker, color, highlight): (String, Console.Style, Console.Style) =
            side == .removed ? ("-", .red, .redBackground) : ("+", .green, .greenBackground)
        var out = console.styled(marker, color)
        for segment in segments {
            switch segment.kind {
            case .same: out += console.styled(segment.text, color)
            case side: out += console.styled(segment.text, highlight)
            default: continue
            }
        }
        return out
    }
}
