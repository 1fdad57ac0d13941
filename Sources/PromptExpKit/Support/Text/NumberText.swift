import Foundation

/// How promptexp writes numbers, the same in every report, message and commit: money,
/// scores, shares and intervals.
public enum NumberText {
    /// Dollars to four decimals (`$0.0123`), or more for one call's cost.
    public static func money(_ dollars: Double, decimals: Int = 4) -> String {
        String(format: "$%.\(decimals)f", dollars)
    }

    /// A change in dollars with its sign: `+$0.0012`, `-$0.0300`.
    public static func signedMoney(_ dollars: Double) -> String {
        let text = String(format: "%.4f", abs(dollars))
        return (dollars < 0 && text != "0.0000" ? "-$" : "+$") + text
    }

    /// A dollar limit as the user set it: all its digits (`$0.001`, `$2.50`, `$0.0005`),
    /// never rounded to a figure that reads as a different limit.
    public static func moneyLimit(_ dollars: Double) -> String {
        var text = String(format: "%.10f", dollars)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") {
            text += "00"
        } else if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) == 2 {
            text += "0"
        }
        return "$" + text
    }

    /// A score in [0, 1]: `0.667`.
    public static func score(_ value: Double) -> String { String(format: "%.3f", value) }

    /// A score change with its sign; never `-0.000`.
    public static func signed(_ value: Double) -> String {
        let text = String(format: "%+.3f", value)
        return text == "-0.000" ? "+0.000" : text
    }

    public static func interval(_ range: ClosedRange<Double>) -> String {
        "\(score(range.lowerBound))–\(score(range.upperBound))"
    }

    public static func signedInterval(_ range: ClosedRange<Double>) -> String {
        "\(signed(range.lowerBound)) to \(signed(range.upperBound))"
    }

    /// A share as a percentage: `66.7%`.
    public static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// A difference of two shares, in percentage points; never `-0.0 pts`.
    public static func points(_ difference: Double) -> String {
        let text = String(format: "%+.1f pts", difference * 100)
        return text == "-0.0 pts" ? "+0.0 pts" : text
    }

    public static func pValue(_ p: Double) -> String { p < 0.0001 ? "< 0.0001" : String(format: "%.4f", p) }
}
