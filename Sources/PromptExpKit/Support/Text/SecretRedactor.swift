public import Foundation

/// Blanks out a secret wherever it appears in a text that will be stored or shown, in any
/// form a server may echo it in: as is, JSON-escaped (`\u0073`, `\/`), percent-encoded in
/// either case (`%73`, `%6B`), `\x73`, HTML character references, or a mix of these.
///
/// The text is matched on its *decoded view*: every escape is decoded to the byte it stands
/// for, each decoded byte remembering the span of the text it came from, so a secret spelled
/// any way at all is one run of decoded bytes, and the spans it covers are what is blanked.
/// Matching decoded bytes, not a list of encodings of the key, is what makes mixed forms
/// and escapes that a JSON parser decodes later impossible to slip through.
///
/// Two strengths, so a placeholder key never blanks ordinary words:
/// - a key that can be a secret (`isSecretLike`) is matched by every 8-byte window, so a
///   server that repeats most of it, or splits it across JSON strings, is caught;
/// - a placeholder (llama.cpp's `sk-no-key-required`, `lm-studio`, `ollama`, short or
///   word-like keys) is blanked only where it appears whole: it guards nothing, and its
///   8-byte windows (`-require`) are ordinary words in answers.
public struct SecretRedactor: Sendable {
    public static let minimumRun = 8
    public static let replacement = "[redacted]"
    private let windows: Set<UInt64>
    /// Placeholder-like keys, matched only whole.
    private let wholeKeys: [[UInt8]]
    /// The keys given that look like placeholders (for a warning).
    public let placeholderKeys: [String]

    public init(secrets: [String]) {
        var windows = Set<UInt64>()
        var wholeKeys: [[UInt8]] = []
        var placeholders: [String] = []
        for secret in secrets where !secret.isEmpty {
            let bytes = Array(secret.utf8)
            guard Self.isSecretLike(secret) else {
                placeholders.append(secret)
                if bytes.count >= 4 { wholeKeys.append(bytes) }
                continue
            }
            for start in 0...(bytes.count - Self.minimumRun) {
                windows.insert(Self.window(bytes, at: start))
            }
        }
        self.windows = windows
        self.wholeKeys = wholeKeys
        placeholderKeys = placeholders
    }

    public var isEmpty: Bool { windows.isEmpty && wholeKeys.isEmpty }

    /// Known placeholders servers document for "no key needed".
    static let knownPlaceholders: Set<String> = [
        "sk-no-key-required", "no-key", "nokey", "no_key", "none", "null", "empty", "dummy", "placeholder",
        "lm-studio", "lmstudio", "ollama", "vllm", "llama", "local", "test", "testing", "sk-xxx", "sk-dummy",
        "sk-placeholder", "not-needed", "notneeded", "unused", "anything", "secret", "password", "changeme",
        "sk-1234", "sk-local", "token", "key", "api-key", "apikey",
    ]

    /// Whether `key` can be a real secret: not a known placeholder, at least 16 characters,
    /// and not made of words alone (a real key mixes letters and digits; `sk-no-key-required`
    /// does not). A key that fails this is matched only whole.
    public static func isSecretLike(_ key: String) -> Bool {
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        if knownPlaceholders.contains(trimmed.lowercased()) { return false }
        guard trimmed.utf8.count >= 16 else { return false }
        let hasDigit = trimmed.unicodeScalars.contains { ("0"..."9").contains($0) }
        let hasLetter = trimmed.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        let distinct = Set(trimmed.unicodeScalars).count
        return hasDigit && hasLetter && distinct >= 8
    }

    public func redact(_ text: String) -> String {
        guard !isEmpty else { return text }
        guard let redacted = redact(Array(text.utf8)) else { return text }
        return String(decoding: redacted, as: UTF8.self)
    }

    public func redact(_ data: Data) -> Data {
        guard !isEmpty else { return data }
        return redact(Array(data)).map { Data($0) } ?? data
    }

    /// The bytes with each secret run replaced, or nil when there was none.
    private func redact(_ bytes: [UInt8]) -> [UInt8]? {
        let view = DecodedView(bytes)
        var spans: [Range<Int>] = []
        func mark(_ decoded: Range<Int>) {
            let source = view.sourceRange(of: decoded)
            if let last = spans.last, source.lowerBound <= last.upperBound {
                spans[spans.count - 1] = last.lowerBound..<max(last.upperBound, source.upperBound)
            } else {
                spans.append(source)
            }
        }
        let decoded = view.bytes
        var matches: [Range<Int>] = []
        if !windows.isEmpty, decoded.count >= Self.minimumRun {
            for start in 0...(decoded.count - Self.minimumRun)
            where windows.contains(Self.window(decoded, at: start)) {
                matches.append(start..<start + Self.minimumRun)
            }
        }
        for key in wholeKeys where decoded.count >= key.count {
            var start = 0
            while start <= decoded.count - key.count {
                if decoded[start] == key[0], decoded[start..<start + key.count].elementsEqual(key) {
                    matches.append(start..<start + key.count)
                    start += key.count
                } else {
                    start += 1
                }
            }
        }
        guard !matches.isEmpty else { return nil }
        for match in matches.sorted(by: { $0.lowerBound < $1.lowerBound }) { mark(match) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        for span in spans {
            out += bytes[position..<span.lowerBound]
            out += Self.replacement.utf8
            position = span.upperBound
        }
        out += bytes[position...]
        return out
    }

    private static func window(_ bytes: [UInt8], at start: Int) -> UInt64 {
        var value: UInt64 = 0
        for offset in 0..<minimumRun { value = value << 8 | UInt64(bytes[start + offset]) }
        return value
    }
}

/// A text with its escapes decoded, each decoded byte knowing the source bytes it came
/// from: `\uXXXX`, `\xXX`, `\/`, `\\`, `\"`, `%XX`, `&#NNN;` and `&#xXX;`.
struct DecodedView {
    private(set) var bytes: [UInt8] = []
    /// For each decoded byte, where its source starts and ends; nil when the text holds no
    /// escape at all (most answers), so it is its own view and no per-byte map is built.
    private var starts: [Int]?
    private var ends: [Int] = []

    init(_ source: [UInt8]) {
        let escapes: Set<UInt8> = [UInt8(ascii: "\\"), UInt8(ascii: "%"), UInt8(ascii: "&")]
        guard source.contains(where: escapes.contains) else {
            bytes = source
            return
        }
        var starts: [Int] = []
        bytes.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            let (decoded, length) = Self.escape(in: source, at: index) ?? ([source[index]], 1)
            for byte in decoded {
                bytes.append(byte)
                starts.append(index)
                ends.append(index + length)
            }
            index += length
        }
        self.starts = starts
    }

    /// The source bytes a run of decoded bytes came from.
    func sourceRange(of decoded: Range<Int>) -> Range<Int> {
        guard let starts else { return decoded }
        return starts[decoded.lowerBound]..<ends[decoded.upperBound - 1]
    }

    /// The bytes an escape at `index` stands for, and its length; nil when none starts there.
    private static func escape(in source: [UInt8], at index: Int) -> ([UInt8], Int)? {
        let byte = source[index]
        let remaining = source.count - index
        switch byte {
        case UInt8(ascii: "\\") where remaining >= 2:
            let next = source[index + 1]
            switch next {
            case UInt8(ascii: "u") where remaining >= 6:
                guard let code = hexValue(source[(index + 2)..<(index + 6)]) else { return nil }
                return (utf8(code), 6)
            case UInt8(ascii: "x") where remaining >= 4:
                guard let code = hexValue(source[(index + 2)..<(index + 4)]) else { return nil }
                return ([UInt8(code)], 4)
            case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "\""):
                return ([next], 2)
            default:
                return nil
            }
        case UInt8(ascii: "%") where remaining >= 3:
            guard let code = hexValue(source[(index + 1)..<(index + 3)]) else { return nil }
            return ([UInt8(code)], 3)
        case UInt8(ascii: "&") where remaining >= 4 && source[index + 1] == UInt8(ascii: "#"):
            let hex = source[index + 2] == UInt8(ascii: "x") || source[index + 2] == UInt8(ascii: "X")
            let digitsStart = index + (hex ? 3 : 2)
            var end = digitsStart
            while end < source.count, end - digitsStart < 7, source[end] != UInt8(ascii: ";") { end += 1 }
            guard end < source.count, source[end] == UInt8(ascii: ";"), end > digitsStart else { return nil }
            let digits = source[digitsStart..<end]
            let code = hex ? hexValue(digits) : decimalValue(digits)
            guard let code else { return nil }
            return (utf8(code), end + 1 - index)
        default:
            return nil
        }
    }

    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt32? {
        guard digits.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }) else {
            return nil
        }
        return UInt32(String(decoding: digits, as: UTF8.self), radix: 16)
    }

    private static func decimalValue(_ digits: ArraySlice<UInt8>) -> UInt32? {
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt32(String(decoding: digits, as: UTF8.self))
    }

    private static func utf8(_ code: UInt32) -> [UInt8] {
        guard let scalar = Unicode.Scalar(code) else { return [0xEF, 0xBF, 0xBD] }
        return Array(String(Character(scalar)).utf8)
    }
}
