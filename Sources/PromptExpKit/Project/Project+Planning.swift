import Foundation

/// What a prompt's last committed experiment says about planning the next one: per
/// model, how many rows it compared, how often their outcome flipped, and what a call
/// cost.
public struct PlanningEvidence: Sendable {
    public struct Model: Sendable {
        public let model: String
        public let pairs: Int
        /// The mean squared paired difference of the rows' overall scores: for pass/fail
        /// evaluators, the share of rows whose outcome flipped base → candidate.
        public let discordance: Double
        /// The mean cost of a call, when prices were known.
        public let costPerCall: Double?
    }

    public let experiment: String
    public let models: [Model]
}

extension Project {
    /// The evidence of the newest experiment on `prompt` that has committed results and
    /// scores; nil when there is none.
    public func planningEvidence(for prompt: String) throws -> PlanningEvidence? {
        for (spec, _) in try experiments() where spec.prompt == prompt && !spec.evaluators.isEmpty {
            guard let snapshot = try? experimentSnapshot(spec.name), var rows = snapshot.resultRows() else { continue }
            let weights = evaluatorWeights(spec.evaluators)
            var squares: [String: (sum: Double, count: Int)] = [:]
            var costs: [String: (sum: Double, count: Int)] = [:]
            var order: [String] = []
            while let row = try rows.next() {
                for record in row {
                    if let cost = record.cost {
                        costs[record.model, default: (0, 0)].sum += cost
                        costs[record.model, default: (0, 0)].count += 1
                    }
                }
                for pair in RecordPairing.pairs(row) {
                    let base = row[pair.base]
                    let candidate = row[pair.candidate]
                    guard let before = base.overall(weights: weights)?.score,
                        let after = candidate.overall(weights: weights)?.score
                    else { continue }
                    if squares[candidate.model] == nil { order.append(candidate.model) }
                    squares[candidate.model, default: (0, 0)].sum += (after - before) * (after - before)
                    squares[candidate.model, default: (0, 0)].count += 1
                }
            }
            guard !order.isEmpty else { continue }
            return PlanningEvidence(
                experiment: spec.name,
                models: order.map { model in
                    let square = squares[model] ?? (0, 0)
                    let cost = costs[model].flatMap { $0.count > 0 ? $0.sum / Double($0.count) : nil }
                    return PlanningEvidence.Model(
                        model: model, pairs: square.count, discordance: square.sum / Double(max(1, square.count)),
                        costPerCall: cost)
                })
        }
        return nil
    }
}

extension Project {
    /// The share of flipping rows assumed when no committed run says better.
    public static let assumedDiscordance = 0.2

    /// A warning when `rows` rows cannot see a drop as small as the verdict's margin at
    /// 80% power (with the flip rate of the prompt's last experiment, else an assumed
    /// 20%); nil when they can, or when there is nothing to compare.
    public func sizeWarning(prompt: String, rows: Int) -> String? {
        guard rows > 0 else { return nil }
        let evidence = try? planningEvidence(for: prompt)
        let discordance = evidence?.models.map(\.discordance).max() ?? Self.assumedDiscordance
        let plan = SampleSizePlan(discordance: discordance, alpha: config.verdict.alpha, power: 0.8)
        let drop = plan.smallestDetectableDrop(rows: rows)
        guard drop > config.verdict.minEffect else { return nil }
        let basis =
            evidence.map { "with \(NumberText.percent(discordance)) of rows flipping, as in exp \($0.experiment)" }
            ?? "if \(NumberText.percent(discordance)) of rows flip"
        let limit = drop >= 0.995 ? "any drop short of a total one" : "a drop smaller than \(Self.points(drop))"
        return
            "\(counted(rows, "row")) cannot detect \(limit) at 80% power (\(basis)); the margin is \(Self.points(config.verdict.minEffect)): promptexp plan \(prompt) says how many it takes"
    }

    /// `18 points` for 0.18.
    static func points(_ share: Double) -> String {
        let value = share * 100
        return value < 10 ? String(format: "%.1f points", value) : "\(Int(value.rounded())) points"
    }
}
