/// What an evaluator is shown: one output of one call, with the dataset row it answered.
public struct EvaluationInput: Sendable {
    public let row: DatasetRow
    public let record: ResultRecord
    /// The schema the record's prompt version asked its answer to fit (`response_format`).
    public let responseSchema: JSONValue?

    public init(row: DatasetRow, record: ResultRecord, responseSchema: JSONValue? = nil) {
        self.row = row
        self.record = record
        self.responseSchema = responseSchema
    }

    /// The answer as text (the output, then each tool call as `→ name({...})`); empty when
    /// the call failed. Every text evaluator reads this, so tool calls are checked too.
    public var output: String { record.error == nil ? record.answerText : "" }

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
