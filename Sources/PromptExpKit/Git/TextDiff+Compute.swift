internal import CLibGit2
import Foundation

extension TextDiff {
    /// Diffs two texts with libgit2's line differ (Myers, as git's default).
    public init(old: String, new: String, contextLines: Int = 3) throws(GitError) {
        GitLibrary.ensureInitialized()
        var options = git_diff_options()
        try GitLibrary.check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "prepare diff options")
        options.context_lines = UInt32(max(0, contextLines))
        // git diff slides ambiguous hunks by indentation by default (diff.indentHeuristic).
        options.flags |= GIT_DIFF_INDENT_HEURISTIC.rawValue
        let oldBytes = Array(old.utf8)
        let newBytes = Array(new.utf8)
        // The patch keeps pointers into both buffers and reads them while its hunks and lines
        // are fetched, so everything happens inside the closures: outside them the optimizer
        // may free the arrays (the release build printed freed memory and crashed here).
        let hunks = try oldBytes.withUnsafeBufferPointer { (oldBuffer) throws(GitError) -> [Hunk] in
            try newBytes.withUnsafeBufferPointer { (newBuffer) throws(GitError) -> [Hunk] in
                var patch: OpaquePointer?
                try GitLibrary.check(
                    git_patch_from_buffers(
                        &patch,
                        oldBuffer.baseAddress, oldBuffer.count, "a",
                        newBuffer.baseAddress, newBuffer.count, "b",
                        &options),
                    "diff two texts")
                defer { git_patch_free(patch) }
                return try Self.hunks(of: patch)
            }
        }
        self.init(hunks: hunks)
    }

    private static func hunks(of patch: OpaquePointer?) throws(GitError) -> [Hunk] {
        var hunks: [Hunk] = []
        for hunkIndex in 0..<git_patch_num_hunks(patch) {
            var rawHunk: UnsafePointer<git_diff_hunk>?
            var lineCount = 0
            try GitLibrary.check(git_patch_get_hunk(&rawHunk, &lineCount, patch, hunkIndex), "read a diff hunk")
            guard let header = rawHunk?.pointee else { continue }
            var hunk = Hunk(
                oldStart: Int(header.old_start), oldCount: Int(header.old_lines),
                newStart: Int(header.new_start), newCount: Int(header.new_lines), lines: [],
                section: Self.section(of: header))
            for lineIndex in 0..<lineCount {
                var rawLine: UnsafePointer<git_diff_line>?
                try GitLibrary.check(
                    git_patch_get_line_in_hunk(&rawLine, patch, hunkIndex, lineIndex), "read a diff line")
                guard let line = rawLine?.pointee else { continue }
                switch UInt8(bitPattern: line.origin) {
                case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: " "):
                    hunk.lines.append(Self.line(line))
                default:
                    // '=', '>' and '<' mark "no newline at end of file" for the line before.
                    if !hunk.lines.isEmpty { hunk.lines[hunk.lines.count - 1].missingNewline = true }
                }
            }
            hunks.append(hunk)
        }
        return hunks
    }

    /// The text after the second `@@` of libgit2's header line.
    private static func section(of hunk: git_diff_hunk) -> String {
        var header = hunk.header
        let text = withUnsafeBytes(of: &header) { buffer in
            String(decoding: buffer.prefix(min(Int(hunk.header_len), buffer.count)), as: UTF8.self)
        }
        guard let close = text.range(of: "@@", options: .backwards), close.lowerBound != text.startIndex else {
            return ""
        }
        return text[close.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func line(_ line: git_diff_line) -> Line {
        // Line content is not NUL-terminated: read exactly content_len bytes.
        var text = ""
        if let content = line.content {
            let bytes = UnsafeRawPointer(content).assumingMemoryBound(to: UInt8.self)
            var count = line.content_len
            if count > 0, bytes[count - 1] == UInt8(ascii: "\n") { count -= 1 }
            text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
        let kind: Line.Kind =
            switch UInt8(bitPattern: line.origin) {
            case UInt8(ascii: "+"): .added
            case UInt8(ascii: "-"): .removed
            default: .context
            }
        return Line(
            kind: kind, text: text,
            oldNumber: line.old_lineno > 0 ? Int(line.old_lineno) : nil,
            newNumber: line.new_lineno > 0 ? Int(line.new_lineno) : nil)
    }
}
