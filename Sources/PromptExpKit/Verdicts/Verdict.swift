/// What a comparison concluded.
public enum Verdict: String, Hashable, Sendable, Comparable {
    case improved
    case unchanged = "no significant change"
    case regressed
    /// Nothing could be compared: no row had a score on both sides.
    case inconclusive

    /// Worst first, for picking an overall verdict.
    private var severity: Int {
        switch self {
        case .regressed: 3
        case .inconclusive: 2
        case .improved: 1
        case .unchanged: 0
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.severity < rhs.severity }

    /// The verdict of several models: regressed if any regressed, then inconclusive, then
    /// improved if any improved, else no significant change.
    public static func overall(_ verdicts: [Verdict]) -> Verdict {
        verdicts.max() ?? .inconclusive
    }

    /// For machines: `improved`, `unchanged`, `regressed`, `inconclusive`.
    public var key: String { self == .unchanged ? "unchanged" : rawValue }

    public init?(key: String) {
        self.init(rawValue: key == "unchanged" ? Verdict.unchanged.rawValue : key)
    }
}
