import Foundation

/// Text checks of the output: `equals`, `contains`, `icontains`, `starts-with` and `regex`.
///
/// The wanted text is `value` (or several `values`), else the row's `expected`. Strings may
/// name row fields Mustache-style (`value: "{{customer}}"`). With several values the score
/// is the share found (`match: all`, the default) or 1 when any is (`match: any`); it passes
/// at `threshold` (default 1: all of them). Negated, it is the share absent ("none of these").
public struct MatchEvaluator: Evaluator {
    public enum Kind: String, Sendable, CaseIterable {
        case equals, contains, icontains
        case startsWith = "starts-with"
        case regex
    }

    public let common: EvaluatorCommon
    public let kind: Kind
    /// Templates of the wanted texts; empty means the row's `expected`.
    let values: [MustacheText]
    let requireAll: Bool
    let ignoreCase: Bool
    let trim: Bool
    /// Patterns compiled once when they do not depend on the row.
    let fixedPatterns: [NSRegularExpression]?

    public var name: String { common.name }
    public var weight: Double { common.weight }

    init(_ settings: inout EvaluatorSettings, kind: Kind) throws(EvaluatorError) {
        self.kind = kind
        common = try settings.common()
        var texts = try settings.strings(kind == .regex ? "pattern" : "value") ?? []
        if let several = try settings.strings(kind == .regex ? "patterns" : "values") { texts += several }
        if kind == .regex, texts.isEmpty { throw settings.fail("regex needs a pattern") }
        var templates: [MustacheText] = []
        for text in texts {
            do {
                templates.append(try MustacheText(text, path: "evaluator '\(settings.config.name)'"))
            } catch {
                throw settings.fail("\(error)")
            }
        }
        values = templates
        switch try settings.string("match") ?? "all" {
        case "all": requireAll = true
        case "any": requireAll = false
        case let other: throw settings.fail("match must be all or any, found '\(other)'")
        }
        ignoreCase = try settings.bool("ignore_case") ?? (kind == .icontains)
        trim = try settings.bool("trim") ?? true
        if kind == .regex, !texts.contains(where: { $0.contains("{{") }) {
            var compiled: [NSRegularExpression] = []
            for pattern in texts {
                do {
                    compiled.append(try Self.compile(pattern, ignoreCase: ignoreCase))
                } catch {
                    throw settings.fail("invalid regular expression '\(pattern)': \(error.localizedDescription)")
                }
            }
            fixedPatterns = compiled
        } else {
            fixedPatterns = nil
        }
    }

    static func compile(_ pattern: String, ignoreCase: Bool) throws -> NSRegularExpression {
        try NSRegularExpression(pattern: pattern, options: ignoreCase ? [.caseInsensitive] : [])
    }

    public func evaluate(_ input: EvaluationInput) async -> Evaluation {
        let wanted: [String]
        if values.isEmpty {
            guard let expected = input.row.expected else {
                return .failure("row \(input.row.id) has no expected value and the evaluator gives no value")
            }
            wanted = [expected.displayText]
        } else {
            let context = input.templateContext
            wanted = values.map { $0.render(context) }
        }
        let output = trim ? input.output.trimmingCharacters(in: .whitespacesAndNewlines) : input.output
        var found: [Bool] = []
        for (index, text) in wanted.enumerated() {
            switch matches(output, text, patternIndex: index) {
            case .success(let hit): found.append(hit)
            case .failure(let message): return .failure(message.text)
            }
        }
        let hits = found.filter { $0 }.count
        let share = Double(hits) / Double(max(1, found.count))
        let verb =
            switch kind {
            case .equals: ("equals", "does not equal")
            case .contains, .icontains: ("contains", "does not contain")
            case .startsWith: ("starts with", "does not start with")
            case .regex: ("matches", "does not match")
            }
        if common.negate {
            // Negated, several values mean "none of these".
            let present = zip(wanted, found).filter(\.1).map(\.0)
            let reason =
                present.isEmpty ? "output \(verb.1) \(Self.quote(wanted))" : "output \(verb.0) \(Self.quote(present))"
            return Evaluation(score: 1 - share, passed: 1 - share >= common.threshold - 1e-12, reason: reason)
        }
        let missing = zip(wanted, found).filter { !$0.1 }.map(\.0)
        let reason =
            missing.isEmpty ? "output \(verb.0) \(Self.quote(wanted))" : "output \(verb.1) \(Self.quote(missing))"
        let score = requireAll ? share : (hits > 0 ? 1.0 : 0)
        return Evaluation(score: score, passed: score >= common.threshold - 1e-12, reason: reason)
    }

    private func matches(_ output: String, _ wanted: String, patternIndex: Int) -> Result<Bool, Message> {
        let options: String.CompareOptions = ignoreCase ? [.caseInsensitive] : []
        let text = trim ? wanted.trimmingCharacters(in: .whitespacesAndNewlines) : wanted
        switch kind {
        case .equals:
            return .success(output.compare(text, options: options) == .orderedSame)
        case .contains, .icontains:
            return .success(text.isEmpty || output.range(of: text, options: options) != nil)
        case .startsWith:
            return .success(output.range(of: text, options: options.union(.anchored)) != nil || text.isEmpty)
        case .regex:
            let expression: NSRegularExpression
            if let fixedPatterns {
                expression = fixedPatterns[patternIndex]
            } else {
                do {
                    expression = try Self.compile(wanted, ignoreCase: ignoreCase)
                } catch {
                    return .failure(
                        Message("invalid regular expression '\(wanted)' for row: \(error.localizedDescription)"))
                }
            }
            let range = NSRange(output.startIndex..., in: output)
            return .success(expression.firstMatch(in: output, range: range) != nil)
        }
    }

    struct Message: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    private static func quote(_ texts: [String]) -> String {
        texts.map { text in
            let short = text.count > 60 ? String(text.prefix(57)) + "…" : text
            return "\"\(short.replacingOccurrences(of: "\n", with: "\\n"))\""
        }.joined(separator: ", ")
    }
}

extension Result where Failure == MatchEvaluator.Message {
    static func failure(_ text: String) -> Self { .failure(MatchEvaluator.Message(text)) }
}
