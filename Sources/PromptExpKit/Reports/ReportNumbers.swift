import Foundation

/// How reports name a verdict, the same in every format (numbers: `NumberText`).
public enum ReportNumbers {
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
