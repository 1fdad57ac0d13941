/// The sequential verdict of one model, as the gate takes it: `SequentialPairedTest` on
/// the rows' score changes and, with more than one evaluator, a second one on their pass
/// flips (−1 pass → fail, +1 fail → pass, 0 else), as the fixed-size rule pairs its
/// interval with McNemar's test. With two, each runs at α/2, so whatever the truth, a
/// wrong decision still happens with at most α: regressed when either test says so,
/// non-inferior only when both do, improved when one does and the other is not against it.
/// With one evaluator the two would be the same test (one pass/fail evaluator) or the
/// score is the finer evidence, so only the score's runs, at α.
///
/// Which tests run depends on the evaluators alone, never on the data, so the guarantee
/// holds.
public struct SequentialGate: Sendable {
    private var score: SequentialPairedTest
    private var passes: SequentialPairedTest?
    public private(set) var rows = 0
    public private(set) var decision: SequentialPairedTest.Decision?
    public private(set) var decidedAfter: Int?

    public init(margin: Double, alpha: Double, evaluators: Int) {
        let split = evaluators > 1 ? alpha / 2 : alpha
        score = SequentialPairedTest(margin: margin, alpha: split)
        passes = evaluators > 1 ? SequentialPairedTest(margin: margin, alpha: split) : nil
    }

    private var tests: [SequentialPairedTest] { [score] + (passes.map { [$0] } ?? []) }

    /// Whether more rows could change nothing the gate needs (see
    /// `SequentialPairedTest.isSettled`): a run stops here.
    public var isSettled: Bool {
        switch decision {
        case .regressed, .improved: true
        case .nonInferior: tests.allSatisfy(\.isSettled)
        case nil: false
        }
    }

    /// Adds one row: its score change (candidate − base, in [−1, 1]) and its pass flip.
    public mutating func add(scoreChange: Double, passChange: Double) {
        score.add(scoreChange)
        passes?.add(passChange)
        rows += 1
        guard decision != .regressed else { return }
        let decisions = tests.map(\.decision)
        let now: SequentialPairedTest.Decision?
        if decisions.contains(.regressed) {
            now = .regressed
        } else if decisions.allSatisfy({ $0 != nil }) {
            now = decisions.contains(.improved) ? .improved : .nonInferior
        } else {
            now = nil
        }
        if now != decision {
            decision = now
            decidedAfter = rows
        }
    }
}
