import Foundation

/// Pulls a column and a short reason out of Foundation's JSON parse errors.
enum JSONErrorDetail {
    static func describe(_ error: Error) -> (column: Int, reason: String) {
        var text = "\(error)"
        if case DecodingError.dataCorrupted(let context) = error {
            text = context.debugDescription
            if let underlying = context.underlyingError { text = "\(underlying)" }
        }
        var column = 1
        if let match = text.range(of: #"column (\d+)"#, options: .regularExpression) {
            let digits = text[match].split(separator: " ").last.flatMap { Int($0) }
            column = digits ?? 1
        }
        if let match = text.range(of: #"NSDebugDescription=[^,}]*"#, options: .regularExpression) {
            text = String(text[match].dropFirst("NSDebugDescription=".count))
        }
        let reason = text.count > 160 ? String(text.prefix(160)) + "…" : text
        return (column, reason)
    }
}
