import Foundation
import PromptExpKit
import Testing

/// The core modules of the official Mustache spec, run through `MustacheText`.
@Suite struct MustacheSpecTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let name: String
        let template: String
        let expected: String
        let partials: [String: String]
        let data: JSONValue

        var testDescription: String { "\(file): \(name)" }
    }

    static let modules = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"]

    static let cases: [Case] = {
        var cases: [Case] = []
        for module in modules {
            // Read through our own YAML layer, which keeps `1.210` a number and `"1"` a string.
            guard let url = Bundle.module.url(forResource: "Fixtures/mustache-spec/\(module)", withExtension: "yml"),
                let text = try? String(contentsOf: url, encoding: .utf8),
                let spec = try? YAMLNode.parse(text, path: module).json,
                let tests = spec["tests"]?.arrayValue
            else { continue }
            for test in tests {
                cases.append(
                    Case(
                        file: module,
                        name: test["name"]?.stringValue ?? "?",
                        template: test["template"]?.stringValue ?? "",
                        expected: test["expected"]?.stringValue ?? "",
                        partials: test["partials"]?.objectValue?.compactMapValues(\.stringValue) ?? [:],
                        data: test["data"] ?? .null))
            }
        }
        return cases
    }()

    @Test func allCoreCasesAreLoaded() {
        #expect(Self.cases.count == 136)
    }

    @Test(arguments: cases)
    func specCase(_ specCase: Case) throws {
        let template = try MustacheText(specCase.template, escaping: .html)
        let partials = try specCase.partials.mapValues { try MustacheText($0, escaping: .html) }
        #expect(template.render(specCase.data.foundationValue, partials: partials) == specCase.expected)
    }
}
