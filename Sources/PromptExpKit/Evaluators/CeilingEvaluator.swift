import Foundation

/// `cost` and `latency`: a call must cost at most `max_usd` dollars, or answer within
/// `max_ms` milliseconds. Over the ceiling the score is ceiling ÷ value.
public struct CeilingEvaluator: Evaluator {
    public enum Measure: String, Sendable {
        case cost, latency
    }

    public let common: EvaluatorCommon
    public let measure: Measure
    let ceiling: Double

    public var name: String { common.name }
    public var weight: Double { common.weight }

    init(_ settings: inout EvaluatorSettings, measure: Measure) throws(EvaluatorError) {
        self.measure = measure
        common = try settings.common()
        let key = measure == .cost ? "max_usd" : "max_ms"
        guard let ceiling = try settings.nonNegative(key) else {
            throw settings.fail("\(measure.rawValue) needs \(key)")
        }
        self.ceiling = ceiling
    }

    public func evaluate(_ input: EvaluationInput) async -> Evaluation {
        let value: Double
        let shown: (Double) -> String
        switch measure {
        case .cost:
            guard let cost = input.record.cost else {
                return .failure("the call's cost is unknown (no price for its model)")
            }
            value = cost
            shown = { "$\(String(format: "%.6f", $0))" }
        case .latency:
            guard let latency = input.record.latencyMilliseconds else {
                return .failure("the call's latency is unknown")
            }
            value = Double(latency)
            shown = { "\(Int($0)) ms" }
        }
        let within = value <= ceiling
        let score = within ? 1 : (value > 0 ? ceiling / value : 0)
        let reason = "\(shown(value)) \(within ? "within" : "over") the ceiling of \(shown(ceiling))"
        return common.judge(score: score, reason: reason)
    }
}
