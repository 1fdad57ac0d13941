/// Finds the known names closest to a mistyped one, for "did you mean" hints.
public enum NameSuggester {
    /// Up to `limit` candidates within an edit distance that grows with the name's length,
    /// closest first; a candidate whose last path component matches exactly comes first.
    public static func suggestions(for name: String, among candidates: [String], limit: Int = 3) -> [String] {
        let lowered = name.lowercased()
        let threshold = max(2, lowered.count / 3)
        let scored: [(String, Int)] = candidates.compactMap { candidate in
            let lowerCandidate = candidate.lowercased()
            if lowerCandidate.split(separator: "/").last.map(String.init) == lowered { return (candidate, 0) }
            if lowerCandidate.contains(lowered) || lowered.contains(lowerCandidate) { return (candidate, 1) }
            let distance = editDistance(lowered, lowerCandidate)
            return distance <= threshold ? (candidate, distance) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// Levenshtein distance over characters.
    public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
