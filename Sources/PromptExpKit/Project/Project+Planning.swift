import Foundation

/// What a prompt's last committed experiment says about planning the next one: per
/// model, how many rows it compared, how often their outcome flipped, and what a call
/// cost.
public struct PlanningEvidence: Sendable {
    public struct Model: Sendable {
        public let model: String
        public let pairs: Int
        /// The share of rows whose outcome flipped base → candidate (pass → fail or
        /// fail → pass): the discordant pairs of McNemar's test.
        public let discordance: Double
        /// The mean cost of a call, when prices were known.
        public let costPerCall: Double?
    }

    public let experiment: String
    public let models: [Model]
}

extension Project {
    /// The evidence of the newest experiment on `prompt` with a scored run committed,
    /// read from its `summary.json` (a small file: no results are read, so a run's
    /// start-up pays nothing for it); nil when there is none.
    public func planningEvidence(for prompt: String) throws -> PlanningEvidence? {
        for (spec, _) in try experiments() where spec.prompt == prompt {
            let branch = Self.experimentBranchPrefix + spec.name
            guard let tip = try repository.branchTip(branch),
                let data = try repository.fileData(at: ProjectLayout.experimentSummary(spec.name), in: tip),
                let summary = try? JSONValue.parse(data)
            else { continue }
            let costs = Dictionary(
                (summary["groups"]?.arrayValue ?? []).compactMap { group -> (String, (Double, Int))? in
                    guard let model = group["model"]?.stringValue, case .int(let calls)? = group["calls"] else {
                        return nil
                    }
                    return (model, (group["cost"]?.doubleValue ?? 0, calls))
                }, uniquingKeysWith: { ($0.0 + $1.0, $0.1 + $1.1) })
            let models = (summary["comparison"]?["models"]?.arrayValue ?? []).compactMap {
                model -> PlanningEvidence.Model? in
                guard let name = model["candidate_model"]?.stringValue, case .int(let pairs)? = model["pairs"],
                    pairs > 0, case .int(let worse)? = model["pass_to_fail"],
                    case .int(let better)? = model["fail_to_pass"]
                else { return nil }
                let cost = costs[name].flatMap { $0.1 > 0 && $0.0 > 0 ? $0.0 / Double($0.1) : nil }
                return PlanningEvidence.Model(
                    model: name, pairs: pairs, discordance: Double(worse + better) / Double(pairs), costPerCall: cost)
            }
            if !models.isEmpty { return PlanningEvidence(experiment: spec.name, models: models) }
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
