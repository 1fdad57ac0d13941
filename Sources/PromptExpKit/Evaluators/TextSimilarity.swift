/// Similarity of two texts in [0, 1], for comparing an output with its expected answer.
public enum TextSimilarity {
    /// 1 − edit distance ÷ the longer length, over characters: 1 for equal texts, 0 for
    /// texts with nothing in common. Two rows of the table, so memory is linear.
    public static func levenshtein(_ a: String, _ b: String) -> Double {
        let left = Array(a)
        let right = Array(b)
        let longest = max(left.count, right.count)
        guard longest > 0 else { return 1 }
        guard !left.isEmpty, !right.isEmpty else { return 0 }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return 1 - Double(previous[right.count]) / Double(longest)
    }

    /// ROUGE-L F1: the longest common subsequence of words (lower-cased, punctuation
    /// dropped), as precision against `candidate` and recall against `reference`.
    public static func rougeL(candidate: String, reference: String) -> Double {
        let c = words(candidate)
        let r = words(reference)
        if c.isEmpty && r.isEmpty { return 1 }
        guard !c.isEmpty, !r.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: r.count + 1)
        var current = previous
        for i in 1...c.count {
            for j in 1...r.count {
                current[j] = c[i - 1] == r[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
            }
            swap(&previous, &current)
        }
        let common = Double(previous[r.count])
        guard common > 0 else { return 0 }
        let precision = common / Double(c.count)
        let recall = common / Double(r.count)
        return 2 * precision * recall / (precision + recall)
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
