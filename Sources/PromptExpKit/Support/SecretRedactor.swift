public import Foundation

/// Blanks out any run of 8 or more characters of a secret wherever it appears, in the
/// forms a server may echo it in: as is, JSON-escaped and URL-encoded.
///
/// A server that repeats all but the last four characters of a key, or puts it inside a
/// successful answer, must not get it into results, the cache, a commit or a terminal.
/// Every 8-byte window of a secret goes into a set; a text is scanned window by window,
/// and each byte covered by a matching window is part of a run to redact. Any common run
/// of 8 or more bytes is covered by such windows, so it is found in one pass.
public struct SecretRedactor: Sendable {
    public static let minimumRun = 8
    public static let replacement = "[redacted]"
    private let windows: Set<UInt64>

    public init(secrets: [String]) {
        var windows = Set<UInt64>()
        for secret in secrets where secret.utf8.count >= Self.minimumRun {
            for form in Self.forms(of: secret) {
                let bytes = Array(form.utf8)
                guard bytes.count >= Self.minimumRun else { continue }
                for start in 0...(bytes.count - Self.minimumRun) {
                    windows.insert(Self.window(bytes, at: start))
                }
            }
        }
        self.windows = windows
    }

    public var isEmpty: Bool { windows.isEmpty }

    public func redact(_ text: String) -> String {
        guard !windows.isEmpty else { return text }
        let bytes = Array(text.utf8)
        guard let redacted = redact(bytes) else { return text }
        return String(decoding: redacted, as: UTF8.self)
    }

    public func redact(_ data: Data) -> Data {
        guard !windows.isEmpty else { return data }
        return redact(Array(data)).map { Data($0) } ?? data
    }

    /// The bytes with each secret run replaced, or nil when there was none.
    private func redact(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= Self.minimumRun else { return nil }
        var spans: [Range<Int>] = []
        for start in 0...(bytes.count - Self.minimumRun) where windows.contains(Self.window(bytes, at: start)) {
            let end = start + Self.minimumRun
            if let last = spans.last, start <= last.upperBound {
                spans[spans.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                spans.append(start..<end)
            }
        }
        guard !spans.isEmpty else { return nil }
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

    /// The secret as sent back raw, inside a JSON string, and percent-encoded.
    private static func forms(of secret: String) -> [String] {
        var forms = [secret]
        let json = JSONValue.string(secret).canonicalJSON.dropFirst().dropLast()
        forms.append(String(json))
        forms.append(secret.replacingOccurrences(of: "/", with: "\\/"))
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { forms.append(encoded) }
        return Array(Set(forms))
    }
}
