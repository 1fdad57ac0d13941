/// What an evaluator is shown: one output of one call, with the dataset row it answered.
public struct EvaluationInput: Sendable {
    public let row: DatasetRow
    public let record: ResultRecord

    public init(row: DatasetRow, record: ResultRecord) {
        self.row = row
        self.record = record
    }

    /// The output text; empty when the call failed.
    public var output: String { record.output ?? "" }

    /// What string settings may interpolate: the row's inputs by name, plus `expected`,
    /// `id` and `output` (`value: "{{customer}}"` checks the answer names the customer).
    var templateContext: Any {
        var context = row.inputs
        context["expected"] = .string(row.expected?.displayText ?? "")
        context["id"] = .string(row.id)
        context["output"] = .string(output)
        return MustacheValue.context(context)
    }
}
