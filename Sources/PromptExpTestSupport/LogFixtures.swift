public import Foundation
public import PromptExpKit

/// Request logs made from a prompt and a dataset, as a logging proxy would have written
/// them, for the importer's tests.
public enum LogFixtures {
    /// A Helicone export line per row: the prompt rendered with the row, answered with
    /// `answer`, request `req-N`, 100 + N prompt tokens, 12 completion tokens, 700 + N ms,
    /// $0.00002, model gpt-4o-mini, and `properties(N)` as its custom properties.
    public static func helicone(
        prompt: PromptFile, promptID: String, rows: [DatasetRow], answer: (DatasetRow) -> String,
        properties: (Int) -> JSONValue = { _ in [:] }
    ) throws -> [String] {
        try rows.enumerated().map { index, row in
            let messages = try prompt.render(row.inputs, promptID: promptID, rowLabel: row.id)
            let line: JSONValue = [
                "request_id": .string("req-\(index)"),
                "request_body": ["model": "gpt-4o-mini", "messages": .array(messages.map(\.json))],
                "response_body": ["choices": [["message": ["role": "assistant", "content": .string(answer(row))]]]],
                "request_properties": properties(index),
                "prompt_tokens": .int(100 + index), "completion_tokens": 12, "delay_ms": .int(700 + index),
                "costUSD": 0.00002,
                "request_model": "gpt-4o-mini",
            ]
            return line.canonicalJSON
        }
    }
}
