import Foundation

/// Replaces e-mail addresses, phone numbers and card-like numbers with placeholders, for
/// teams that commit datasets made from real traffic. Card-like means 13 to 19 digits that
/// pass the Luhn check; phone-like means a run of digit groups with 9 to 15 digits
/// (so dates and invoice numbers stay).
public enum Redactor {
    static let email = try? NSRegularExpression(pattern: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"#)
    static let card = try? NSRegularExpression(pattern: #"(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])"#)
    static let phone = try? NSRegularExpression(
        pattern:
            #"(?<![\w+])(?:\+[0-9]{1,3}[ .-]?)?(?:\([0-9]{1,4}\)[ .-]?)?[0-9]{2,4}(?:[ .-]?[0-9]{2,4}){2,4}(?![\w])"#)

    public static func redact(_ text: String) -> String {
        var result = replace(card, in: text, with: "<card>") { match in
            let digits = match.filter(\.isNumber).compactMap { $0.wholeNumberValue }
            return luhn(digits)
        }
        result = replace(email, in: result, with: "<email>") { _ in true }
        result = replace(phone, in: result, with: "<phone>") { match in
            (9...15).contains(match.filter(\.isNumber).count)
        }
        return result
    }

    /// Every string inside a JSON value, redacted.
    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): .string(redact(text))
        case .array(let items): .array(items.map(redact))
        case .object(let members): .object(members.mapValues(redact))
        default: value
        }
    }

    private static func replace(
        _ expression: NSRegularExpression?, in text: String, with placeholder: String, when accept: (Substring) -> Bool
    ) -> String {
        guard let expression else { return text }
        var result = ""
        var last = text.startIndex
        for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text), accept(text[range]) else { continue }
            result += text[last..<range.lowerBound] + placeholder
            last = range.upperBound
        }
        return result + text[last...]
    }

    static func luhn(_ digits: [Int]) -> Bool {
        guard (13...19).contains(digits.count) else { return false }
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let doubled = offset % 2 == 1 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return sum % 10 == 0
    }
}
