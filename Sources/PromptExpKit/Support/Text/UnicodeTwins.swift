/// Paths that differ only in Unicode normalization (`café` written with U+00E9, or with
/// `e` and U+0301): two files to git and the file system, one to Swift, whose `String`
/// compares canonically equivalent texts as equal. Keyed by a `String`, one would hide the
/// other, and a change to the hidden twin would pass the gate unseen, so they are refused.
enum UnicodeTwins {
    /// The first pair of `paths` that are the same text in different normalizations.
    static func first(in paths: some Sequence<String>) -> (String, String)? {
        var seen: [String: String] = [:]
        for path in paths {
            if let earlier = seen[path] {
                if !earlier.utf8.elementsEqual(path.utf8) { return (earlier, path) }
            } else {
                seen[path] = path
            }
        }
        return nil
    }

    /// A path with every non-ASCII scalar spelled out, so the two twins read differently.
    static func spelled(_ path: String) -> String {
        path.unicodeScalars.map { $0.isASCII ? String($0) : "\\u{\(String($0.value, radix: 16, uppercase: true))}" }
            .joined()
    }
}
