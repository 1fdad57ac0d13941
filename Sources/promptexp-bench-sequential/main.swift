import Foundation
import PromptExpKit

// `bench/sequential`: simulated experiments, each a dataset of paired pass/fail rows, run
// through the sequential verdict (stopping when it decides) and through today's
// fixed-size verdict on every row (McNemar's exact test with the minimum effect, the rule
// a pass/fail evaluator meets in `ScoreComparisonBuilder`). Prints, per scenario, how often
// each says "regressed" (a false alarm where the true change is at or above −margin, power
// where it is below), how often the sequential one wrongly passes a regression, and the
// share of rows it used.

struct Scenario {
    let name: String
    /// Shares of rows going pass → fail and fail → pass; the rest keep their outcome.
    let down: Double
    let up: Double
    var change: Double { up - down }
}

let environment = ProcessInfo.processInfo.environment
let trials = Int(environment["SEQUENTIAL_TRIALS"] ?? "") ?? 4000
let rowsPerDataset = Int(environment["SEQUENTIAL_ROWS"] ?? "") ?? 400
let policy = VerdictPolicy()
let scenarios = [
    Scenario(name: "no change, 5% flip each way", down: 0.05, up: 0.05),
    Scenario(name: "no change, 25% flip each way", down: 0.25, up: 0.25),
    Scenario(name: "at the margin (−2 points)", down: 0.06, up: 0.04),
    Scenario(name: "5-point drop", down: 0.10, up: 0.05),
    Scenario(name: "10-point drop (15% ↓, 5% ↑)", down: 0.15, up: 0.05),
    Scenario(name: "20-point drop (25% ↓, 5% ↑)", down: 0.25, up: 0.05),
    Scenario(name: "10-point rise (5% ↓, 15% ↑)", down: 0.05, up: 0.15),
]

func percent(_ value: Double) -> String { String(format: "%5.1f%%", value * 100) }

print("sequential verdict: \(trials) simulated experiments per scenario, \(rowsPerDataset) rows each,")
print("margin \(policy.minEffect) (2 points), α = \(policy.alpha) at any stopping time")
print("")
print(
    "scenario                        | fixed: regressed | sequential: regressed | passed (non-inferior/improved) | rows used (mean)"
)
print(
    "--------------------------------|------------------|-----------------------|-------------------------------|-----------------"
)
var generator = SeededGenerator(seed: 20_261_205)
for scenario in scenarios {
    var fixedRegressed = 0
    var sequentialRegressed = 0
    var sequentialPassed = 0
    var rowsUsed = 0
    for _ in 0..<trials {
        var test = SequentialPairedTest(margin: policy.minEffect, alpha: policy.alpha)
        var worse = 0
        var better = 0
        for _ in 0..<rowsPerDataset {
            let draw = Double.random(in: 0..<1, using: &generator)
            let difference: Double = draw < scenario.down ? -1 : draw < scenario.down + scenario.up ? 1 : 0
            if difference < 0 { worse += 1 } else if difference > 0 { better += 1 }
            test.add(difference)
        }
        let p = Statistics.mcNemarExact(worse: worse, better: better)
        if p < policy.alpha, worse > better, Double(worse - better) / Double(rowsPerDataset) >= policy.minEffect {
            fixedRegressed += 1
        }
        switch test.decision {
        case .regressed?: sequentialRegressed += 1
        case .nonInferior?, .improved?: sequentialPassed += 1
        case nil: break
        }
        rowsUsed += test.settledAfter ?? rowsPerDataset
    }
    let n = Double(trials)
    print(
        scenario.name.padding(toLength: 32, withPad: " ", startingAt: 0)
            + "| \(percent(Double(fixedRegressed) / n))           "
            + "| \(percent(Double(sequentialRegressed) / n))                "
            + "| \(percent(Double(sequentialPassed) / n))                        "
            + "| \(percent(Double(rowsUsed) / n / Double(rowsPerDataset)))")
}
