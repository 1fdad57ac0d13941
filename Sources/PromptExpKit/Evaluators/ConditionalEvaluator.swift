/// `only_if: FIELD` on any evaluator: it checks only the rows whose input `FIELD` (a dotted
/// path such as `expect.contains`) holds a value; other rows pass, unchecked, with a reason
/// that says so. Imports use it for checks another tool attached to some test cases and
/// not others, with the wanted value kept in the row; a judge is then not called for rows
/// it has nothing to check.
struct ConditionalEvaluator: Evaluator {
    let inner: any Evaluator
    /// The path of the row input, split at dots.
    let path: [String]

    var name: String { inner.name }
    var weight: Double { inner.weight }
    var comparesPairs: Bool { inner.comparesPairs }
    var judgeUse: JudgeUse? { inner.judgeUse }

    init(_ inner: any Evaluator, field: String) {
        self.inner = inner
        path = field.split(separator: ".").map(String.init)
    }

    func applies(to row: DatasetRow) -> Bool {
        guard let first = path.first, var value = row.inputs[first] else { return false }
        for key in path.dropFirst() {
            guard let next = value.objectValue?[key] else { return false }
            value = next
        }
        switch value {
        case .null: return false
        case .string(let text): return !text.isEmpty
        case .array(let items): return !items.isEmpty
        default: return true
        }
    }

    var unchecked: Evaluation {
        Evaluation(score: 1, passed: true, reason: "not checked: the row has no \(path.joined(separator: "."))")
    }

    func evaluate(_ input: EvaluationInput) async -> Evaluation {
        applies(to: input.row) ? await inner.evaluate(input) : unchecked
    }

    func evaluatePair(row: DatasetRow, base: ResultRecord, candidate: ResultRecord) async -> (
        base: Evaluation, candidate: Evaluation
    ) {
        guard applies(to: row) else { return (unchecked, unchecked) }
        return await inner.evaluatePair(row: row, base: base, candidate: candidate)
    }
}
