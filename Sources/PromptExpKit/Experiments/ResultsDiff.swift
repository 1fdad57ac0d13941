/// Two committed runs of an experiment compared record by record: which outputs changed,
/// which calls appeared or went away, and what each run cost. Latency is ignored.
public struct ResultsDiff: Sendable {
    public struct Key: Hashable, Sendable, Comparable {
        public let variant: String
        public let rowID: String
        public let model: String
        public let repeatIndex: Int

        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.rowID, lhs.variant, lhs.model, lhs.repeatIndex) < (rhs.rowID, rhs.variant, rhs.model, rhs.repeatIndex)
        }
    }

    public struct Change: Sendable {
        public let key: Key
        public let before: ResultRecord
        public let after: ResultRecord
    }

    /// Changed outputs, in the newer run's order.
    public let changes: [Change]
    public let added: [Key]
    public let removed: [Key]
    public let costBefore: Double
    public let costAfter: Double
    public let unchanged: Int

    public init(before: [ResultRecord], after: [ResultRecord]) {
        func key(_ record: ResultRecord) -> Key {
            Key(variant: record.variant, rowID: record.rowID, model: record.model, repeatIndex: record.repeatIndex)
        }
        let old = Dictionary(before.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [Change] = []
        var unchanged = 0
        for record in after {
            guard let previous = old[key(record)] else { continue }
            if previous.answerText != record.answerText || previous.error != record.error {
                changes.append(Change(key: key(record), before: previous, after: record))
            } else {
                unchanged += 1
            }
        }
        self.changes = changes
        self.unchanged = unchanged
        added = new.keys.filter { old[$0] == nil }.sorted()
        removed = old.keys.filter { new[$0] == nil }.sorted()
        costBefore = before.compactMap(\.cost).reduce(0, +)
        costAfter = after.compactMap(\.cost).reduce(0, +)
    }
}

extension ResultsDiff {
    /// The mean overall score of a variant's scored records; nil when none was scored.
    public static func meanScore(_ records: [ResultRecord], variant: String, weights: [String: Double]) -> Double? {
        let scores = records.filter { $0.variant == variant }.compactMap { $0.overall(weights: weights)?.score }
        return scores.isEmpty ? nil : Statistics.mean(scores)
    }

    /// `results diff --json`: the changed outputs with their scores, mean scores per
    /// variant, what was added and removed, and cost, between revisions `old` and `new`
    /// (whose records are `before` and `after`).
    public func json(
        experiment: String, old: String, new: String, before: [ResultRecord], after: [ResultRecord],
        weights: [String: Double]
    ) -> JSONValue {
        func key(_ key: Key) -> JSONValue {
            [
                "variant": .string(key.variant), "row_id": .string(key.rowID), "model": .string(key.model),
                "repeat": .int(key.repeatIndex),
            ]
        }
        return [
            "experiment": .string(experiment), "old": .string(old), "new": .string(new),
            "changed": .array(
                changes.map { change in
                    var object = key(change.key).objectValue ?? [:]
                    object["old_output"] = Self.answer(change.before)
                    object["new_output"] = Self.answer(change.after)
                    object["old_score"] = change.before.overall(weights: weights).map { .double($0.score) } ?? .null
                    object["new_score"] = change.after.overall(weights: weights).map { .double($0.score) } ?? .null
                    return .object(object)
                }),
            "mean_scores": .object(
                Dictionary(
                    ["base", "candidate"].map { variant in
                        (
                            variant,
                            [
                                "old": Self.meanScore(before, variant: variant, weights: weights).map(JSONValue.double)
                                    ?? .null,
                                "new": Self.meanScore(after, variant: variant, weights: weights).map(JSONValue.double)
                                    ?? .null,
                            ]
                        )
                    }, uniquingKeysWith: { first, _ in first })),
            "unchanged": .int(unchanged),
            "added": .array(added.map(key)), "removed": .array(removed.map(key)),
            "cost": ["old": .double(costBefore), "new": .double(costAfter)],
        ]
    }

    /// A record's answer as the diff shows it: its text with its tool calls; null when it
    /// has neither (the call failed).
    static func answer(_ record: ResultRecord) -> JSONValue {
        record.output == nil && record.toolCalls.isEmpty ? .null : .string(record.answerText)
    }
}
