import Foundation

/// How reports write numbers, the same in every format.
public enum ReportNumbers {
    static func score(_ value: Double) -> String { String(format: "%.3f", value) }

    static func interval(_ range: ClosedRange<Double>) -> String {
        "\(String(format: "%.3f", range.lowerBound))–\(String(format: "%.3f", range.upperBound))"
    }

    static func signedInterval(_ range: ClosedRange<Double>) -> String {
        "\(signed(range.lowerBound)) to \(signed(range.upperBound))"
    }

    static func signed(_ value: Double) -> String {
        let text = String(format: "%+.3f", value)
        return text == "-0.000" ? "+0.000" : text
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// A difference of two shares, in percentage points.
    static func points(_ difference: Double) -> String {
        let text = String(format: "%+.1f pts", difference * 100)
        return text == "-0.0 pts" ? "+0.0 pts" : text
    }

    public static func money(_ dollars: Double) -> String { String(format: "$%.4f", dollars) }

    /// A dollar limit as the user set it: all its digits (`$0.001`, `$2.50`, `$0.0005`),
    /// never rounded to a figure that reads as a different limit.
    public static func limit(_ dollars: Double) -> String {
        var text = String(format: "%.10f", dollars)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text += "00" } else if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) == 2 { text += "0" }
        return "$" + text
    }

    static func pValue(_ p: Double) -> String { p < 0.0001 ? "< 0.0001" : String(format: "%.4f", p) }

    /// Verdict words for people.
    static func headline(_ verdict: Verdict) -> String {
        switch verdict {
        case .regressed: "Regressed"
        case .improved: "Improved"
        case .unchanged: "No significant change"
        case .inconclusive: "Inconclusive"
        }
    }

    static func emoji(_ verdict: Verdict) -> String {
        switch verdict {
        case .regressed: "❌"
        case .improved: "✅"
        case .unchanged: "➖"
        case .inconclusive: "⚠️"
        }
    }
}
