import Foundation
import Testing

@testable import PromptExpKit

/// The sequential verdict's guarantees, checked by simulation with fixed seeds: over many
/// paths, the share that ever decides wrongly — at any stopping time, not only at the end —
/// stays within α; a clear change is decided early.
@Suite struct SequentialPairedTestTests {
    static let alpha = 0.05
    static let margin = 0.02

    /// Runs `paths` simulated experiments of `rows` paired differences drawn by `draw`; the
    /// share of paths reaching each decision, and the mean rows used.
    static func simulate(
        paths: Int, rows: Int, seed: UInt64, draw: (inout SeededGenerator) -> Double
    ) -> (decisions: [SequentialPairedTest.Decision?: Double], rowsUsed: Double) {
        var generator = SeededGenerator(seed: seed)
        var counts: [SequentialPairedTest.Decision?: Int] = [:]
        var used = 0
        for _ in 0..<paths {
            var test = SequentialPairedTest(margin: margin, alpha: alpha)
            for _ in 0..<rows { test.add(draw(&generator)) }
            counts[test.decision, default: 0] += 1
            used += test.settledAfter ?? rows
        }
        return (counts.mapValues { Double($0) / Double(paths) }, Double(used) / Double(paths * rows))
    }

    /// Pass/fail pairs: a share `down` of rows going pass → fail, `up` fail → pass.
    static func flips(down: Double, up: Double) -> (inout SeededGenerator) -> Double {
        { generator in
            let draw = Double.random(in: 0..<1, using: &generator)
            return draw < down ? -1 : draw < down + up ? 1 : 0
        }
    }

    @Test func aChangeExactlyAtTheMarginIsCalledARegressionAtMostAlphaOfTheTime() {
        // −2 points as pass/fail flips, and as continuous scores (a difference spread
        // evenly around −2 points).
        let atMargin = Self.simulate(paths: 400, rows: 400, seed: 1, draw: Self.flips(down: 0.06, up: 0.04))
        #expect((atMargin.decisions[.regressed] ?? 0) <= Self.alpha)
        let continuous = Self.simulate(paths: 400, rows: 400, seed: 2) { generator in
            Double.random(in: -0.52...0.48, using: &generator)
        }
        #expect((continuous.decisions[.regressed] ?? 0) <= Self.alpha)
        // Much noise and no net change: still no more false alarms than α.
        let noisy = Self.simulate(paths: 400, rows: 400, seed: 3, draw: Self.flips(down: 0.25, up: 0.25))
        #expect((noisy.decisions[.regressed] ?? 0) <= Self.alpha)
    }

    @Test func aRegressionIsPassedAtMostAlphaOfTheTime() {
        // Just past the margin, the gate must not call it non-inferior or improved.
        let drop = Self.simulate(paths: 400, rows: 400, seed: 4, draw: Self.flips(down: 0.07, up: 0.04))
        let passed = (drop.decisions[.nonInferior] ?? 0) + (drop.decisions[.improved] ?? 0)
        #expect(passed <= Self.alpha)
    }

    @Test func clearChangesAreDecidedOnAFractionOfTheRows() {
        let drop = Self.simulate(paths: 300, rows: 400, seed: 5, draw: Self.flips(down: 0.25, up: 0.05))
        #expect((drop.decisions[.regressed] ?? 0) >= 0.99)
        #expect(drop.rowsUsed < 0.3)
        let rise = Self.simulate(paths: 300, rows: 400, seed: 6, draw: Self.flips(down: 0.05, up: 0.15))
        // It stops once the candidate is safe to ship (non-inferior), improved or not yet.
        #expect((rise.decisions[.improved] ?? 0) + (rise.decisions[.nonInferior] ?? 0) >= 0.95)
        #expect(rise.rowsUsed < 0.5)
    }

    @Test func theDecisionStandsAndIsTheSameForTheSameRows() {
        var first = SequentialPairedTest(margin: Self.margin, alpha: Self.alpha)
        var second = SequentialPairedTest(margin: Self.margin, alpha: Self.alpha)
        let rows = (0..<120).map { $0 % 3 == 0 ? -1.0 : 0 }
        for difference in rows {
            first.add(difference)
            second.add(difference)
        }
        #expect(first.decision == .regressed)
        #expect(first.decidedAfter == second.decidedAfter)
        let after = first.decidedAfter
        // Rows after the decision do not undo it.
        for _ in 0..<200 { first.add(1) }
        #expect(first.decision == .regressed)
        #expect(first.decidedAfter == after)
    }
}
