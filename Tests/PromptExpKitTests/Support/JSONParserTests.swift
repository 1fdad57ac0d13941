import Foundation
import PromptExpKit
import Testing

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONValue.parse(Data(text.utf8))
    }

    @Test func parsesEveryKindAndKeepsIntegersApart() throws {
        let value = try parse(
            #" {"a": [1, -2, 3.0, 4e2, 0.5], "b": {"c": null, "d": true, "e": false}, "s": "x\u00e9\ud83d\ude00\n\/"} "#
        )
        #expect(value == ["a": [1, -2, 3.0, 400.0, 0.5], "b": ["c": nil, "d": true, "e": false], "s": "xé😀\n/"])
        #expect(try parse("3") == .int(3))
        #expect(try parse("3.0") == .double(3))
        #expect(try parse("99999999999999999999") == .double(1e20))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "expected a string key"),
        ("[1 2]", 1, 4, "expected ',' or ']' in array"),
        ("{\"a\" 1}", 1, 6, "expected ':' after key \"a\""),
        ("\"abc", 1, 5, "unterminated string"),
        ("01", 1, 2, "leading zeros are not allowed"),
        ("{\"é\": x}", 1, 7, "unexpected character 'x'"),
        ("[1]\n x", 2, 2, "unexpected text after the JSON value"),
        ("\"\\q\"", 1, 3, "invalid escape \\'q'"),
        ("tru", 1, 4, "expected 'true'"),
        ("", 1, 1, "unexpected end of input"),
        ("\"\\ud800\"", 1, 8, "unpaired surrogate in \\u escape"),
    ])
    func rejectsBadJSONWithAPosition(text: String, line: Int, column: Int, message: String) {
        #expect(throws: JSONParseError(line: line, column: column, message: message)) { try parse(text) }
    }

    @Test func agreesWithFoundationOnTheProjectDatasets() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for name in ["support/tickets", "summarize/articles", "extract/invoices"] {
            let text = try String(contentsOf: root.appendingPathComponent("datasets/\(name).jsonl"), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let ours = try parse(String(line))
                let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
                #expect(ours == foundation)
            }
        }
    }
}
