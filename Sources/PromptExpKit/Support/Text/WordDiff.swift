/// A word-level diff of two lines, for highlighting what changed inside a changed line.
public enum WordDiff {
    public enum Kind: Sendable, Hashable {
        case same, removed, added
    }

    public struct Segment: Sendable, Hashable {
        public let kind: Kind
        public let text: String
    }

    /// Splits both texts into words and the spaces and punctuation between them, and
    /// returns the longest-common-subsequence alignment, additions first where two are as
    /// long. (The standard library's `CollectionDifference` was tried in its place: over
    /// random inputs it picks another alignment about a third of the time, often a more
    /// broken one, `. ` kept whole here split into `.`, a removed and a kept space there.) Past `limit` tokens a side the
    /// table would grow too large, so the whole text counts as replaced.
    public static func diff(old: String, new: String, limit: Int = 400) -> [Segment] {
        let a = tokens(old)
        let b = tokens(new)
        guard a.count <= limit, b.count <= limit else {
            return [Segment(kind: .removed, text: old), Segment(kind: .added, text: new)]
        }
        // lengths[i][j]: LCS length of a[i...] and b[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var segments: [Segment] = []
        func append(_ kind: Kind, _ text: String) {
            if let last = segments.last, last.kind == kind {
                segments[segments.count - 1] = Segment(kind: kind, text: last.text + text)
            } else {
                segments.append(Segment(kind: kind, text: text))
            }
        }
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                append(.same, a[i])
                i += 1
                j += 1
            } else if j < b.count, i == a.count || lengths[i][j + 1] >= lengths[i + 1][j] {
                append(.added, b[j])
                j += 1
            } else {
                append(.removed, a[i])
                i += 1
            }
        }
        return segments
    }

    /// Runs of letters and digits are words; every other character stands alone.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                if !word.isEmpty {
                    tokens.append(word)
                    word = ""
                }
                tokens.append(String(character))
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }
}
