import Foundation

/// `not-empty` and `length`: the output is there, and within character, word or line bounds.
public struct LengthEvaluator: Evaluator {
    public let common: EvaluatorCommon
    var minCharacters: Int?
    var maxCharacters: Int?
    var minWords: Int?
    var maxWords: Int?
    var maxLines: Int?

    public var name: String { common.name }
    public var weight: Double { common.weight }

    /// `not-empty`: at least one non-blank character.
    init(notEmpty settings: inout EvaluatorSettings) throws(EvaluatorError) {
        common = try settings.common()
        minCharacters = 1
    }

    init(_ settings: inout EvaluatorSettings) throws(EvaluatorError) {
        common = try settings.common()
        func bound(_ key: String) throws(EvaluatorError) -> Int? {
            guard let number = try settings.nonNegative(key) else { return nil }
            guard number == number.rounded() else { throw settings.fail("\(key) must be a whole number") }
            return Int(number)
        }
        minCharacters = try bound("min_chars")
        maxCharacters = try bound("max_chars")
        minWords = try bound("min_words")
        maxWords = try bound("max_words")
        maxLines = try bound("max_lines")
        guard [minCharacters, maxCharacters, minWords, maxWords, maxLines].contains(where: { $0 != nil }) else {
            throw settings.fail("length needs at least one of min_chars, max_chars, min_words, max_words, max_lines")
        }
    }

    public func evaluate(_ input: EvaluationInput) async -> Evaluation {
        let text = input.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let characters = text.count
        let words = text.split(whereSeparator: \.isWhitespace).count
        let lines = text.isEmpty ? 0 : text.split(separator: "\n", omittingEmptySubsequences: false).count
        var problems: [String] = []
        if let minCharacters, characters < minCharacters {
            problems.append(
                minCharacters == 1 ? "output is empty" : "\(characters) characters, fewer than \(minCharacters)")
        }
        if let maxCharacters, characters > maxCharacters {
            problems.append("\(characters) characters, more than \(maxCharacters)")
        }
        if let minWords, words < minWords { problems.append("\(words) words, fewer than \(minWords)") }
        if let maxWords, words > maxWords { problems.append("\(words) words, more than \(maxWords)") }
        if let maxLines, lines > maxLines { problems.append("\(lines) lines, more than \(maxLines)") }
        let reason = problems.isEmpty ? "\(characters) characters, \(words) words" : problems.joined(separator: "; ")
        return common.judge(score: problems.isEmpty ? 1 : 0, reason: reason)
    }
}
