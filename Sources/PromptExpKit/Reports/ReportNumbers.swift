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

    /// The verdict as a sentence, as the web view's experiment page and the HTML report
    /// headline it.
    static func inWords(_ verdict: Verdict) -> String {
        switch verdict {
        case .regressed: "Regressed: the candidate is worse"
        case .improved: "Improved: the candidate is better"
        case .unchanged: "No significant change"
        case .inconclusive: "Not decided: the evidence does not settle it yet"
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
