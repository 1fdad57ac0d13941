/// One evaluator's judgement of one output: a score in [0, 1], pass or fail, and why.
/// An evaluation that could not be made (a crashed command, a judge that did not answer)
/// is an error: recorded, kept out of the statistics, never a crash of ours.
public struct Evaluation: Hashable, Sendable {
    public var score: Double
    public var passed: Bool
    public var reason: String
    /// Set when the evaluation could not be made; then score and passed mean nothing.
    public var error: String?

    public init(score: Double, passed: Bool, reason: String) {
        self.score = min(1, max(0, score.isFinite ? score : 0))
        self.passed = passed
        self.reason = reason
        self.error = nil
    }

    public static func failure(_ message: String) -> Evaluation {
        var evaluation = Evaluation(score: 0, passed: false, reason: "")
        evaluation.error = message
        return evaluation
    }

    /// A yes/no check: 1 and pass, or 0 and fail.
    public static func check(_ passed: Bool, _ reason: String) -> Evaluation {
        Evaluation(score: passed ? 1 : 0, passed: passed, reason: reason)
    }

    /// How it is stored under `scores` in a results line (scores to 4 decimals, so float
    /// noise never shows in a diff).
    public var json: JSONValue {
        if let error { return ["error": .string(error)] }
        return [
            "score": .double((score * 10_000).rounded() / 10_000), "pass": .bool(passed), "reason": .string(reason),
        ]
    }

    /// Reads what `json` wrote; nil for anything else.
    public init?(json: JSONValue) {
        if let error = json["error"]?.stringValue {
            self = .failure(error)
            return
        }
        guard let score = json["score"]?.doubleValue, case .bool(let passed)? = json["pass"] else { return nil }
        self.init(score: score, passed: passed, reason: json["reason"]?.stringValue ?? "")
    }
}
