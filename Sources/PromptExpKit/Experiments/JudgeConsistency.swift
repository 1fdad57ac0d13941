/// How steady a judge is across `--repeat`: for each output slot (row, side, model) judged
/// on two or more repeats, whether the judge gave the same pass/fail on every repeat; and,
/// among the slots whose repeats answered word for word the same, the same — there a
/// different verdict can only be the judge's own flicker, not the model's.
public struct JudgeConsistency: Hashable, Sendable {
    public let evaluator: String
    /// Slots judged on two or more repeats, and those with one verdict on all of them.
    public let slots: Int
    public let steady: Int
    /// Of them, the slots whose repeats all answered the same text.
    public let sameAnswerSlots: Int
    public let sameAnswerSteady: Int

    /// One line for reports.
    public var line: String {
        var text =
            "judge '\(evaluator)' gave one verdict on every repeat of \(steady) of \(counted(slots, "output")) (\(NumberText.percent(Double(steady) / Double(max(1, slots)))))"
        if sameAnswerSlots > 0 {
            text +=
                "; where the repeats answered the same words, \(sameAnswerSteady) of \(sameAnswerSlots)"
                + (sameAnswerSteady < sameAnswerSlots
                    ? " — it flickers on \(sameAnswerSlots - sameAnswerSteady) identical answers" : "")
        }
        return text
    }

    /// Gathers slots row by row (a row's records together, as results are written).
    public struct Builder {
        let judges: Set<String>
        private var counts: [String: (slots: Int, steady: Int, same: Int, sameSteady: Int)] = [:]

        public init(judges: Set<String>) {
            self.judges = judges
        }

        public mutating func addRow(_ records: [ResultRecord]) {
            guard !judges.isEmpty else { return }
            var slots: [String: [ResultRecord]] = [:]
            for record in records where record.succeeded {
                slots["\(record.variant)\u{0}\(record.model)", default: []].append(record)
            }
            for repeats in slots.values where repeats.count > 1 {
                let sameAnswer = Set(repeats.map(\.answerText)).count == 1
                for judge in judges {
                    let verdicts = repeats.compactMap { record in
                        record.evaluations[judge].flatMap { $0.error == nil ? $0.passed : nil }
                    }
                    guard verdicts.count > 1 else { continue }
                    let steady = Set(verdicts).count == 1
                    var count = counts[judge] ?? (0, 0, 0, 0)
                    count.slots += 1
                    if steady { count.steady += 1 }
                    if sameAnswer {
                        count.same += 1
                        if steady { count.sameSteady += 1 }
                    }
                    counts[judge] = count
                }
            }
        }

        public func finish() -> [JudgeConsistency] {
            counts.keys.sorted().compactMap { name in
                guard let count = counts[name] else { return nil }
                return JudgeConsistency(
                    evaluator: name, slots: count.slots, steady: count.steady, sameAnswerSlots: count.same,
                    sameAnswerSteady: count.sameSteady)
            }
        }
    }
}
