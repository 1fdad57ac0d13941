import Foundation

/// The `--json` shapes of promptexp's values: stable keys in snake_case, dates in ISO 8601.
public protocol JSONRepresentable {
    var json: JSONValue { get }
}

extension CommitInfo: JSONRepresentable {
    public var json: JSONValue {
        [
            "commit": .string(id.hex),
            "short": .string(id.short),
            "author": .string(authorName),
            "email": .string(authorEmail),
            "date": .string(ISO8601Format.string(date, offsetMinutes: timeZoneOffsetMinutes)),
            "subject": .string(subject),
        ]
    }
}

extension PromptVersion: JSONRepresentable {
    public var json: JSONValue {
        var object = commit.json.objectValue ?? [:]
        object["version"] = .string(label)
        object["number"] = .int(number)
        object["blob"] = .string(blob.hex)
        object["tags"] = .array(tags.map(JSONValue.string))
        return .object(object)
    }
}

extension TextDiff: JSONRepresentable {
    public var json: JSONValue {
        .array(hunks.map { hunk in
            [
                "header": .string(hunk.header),
                "old_start": .int(hunk.oldStart), "old_lines": .int(hunk.oldCount),
                "new_start": .int(hunk.newStart), "new_lines": .int(hunk.newCount),
                "lines": .array(hunk.lines.map { line in
                    var object: [String: JSONValue] = ["kind": .string(line.kind.rawValue), "text": .string(line.text)]
                    if let old = line.oldNumber { object["old_line"] = .int(old) }
                    if let new = line.newNumber { object["new_line"] = .int(new) }
                    if line.missingNewline { object["no_newline_at_end"] = .bool(true) }
                    return .object(object)
                }),
            ]
        })
    }
}

extension ChatMessage: JSONRepresentable {
    public var json: JSONValue { ["role": .string(role.rawValue), "content": .string(content)] }
}

extension DatasetStats: JSONRepresentable {
    public var json: JSONValue {
        [
            "rows": .int(rows),
            "input_keys": .object(inputKeys.mapValues(JSONValue.int)),
            "rows_with_expected": .int(rowsWithExpected),
            "rows_with_output": .int(rowsWithOutput),
            "rows_with_metadata": .int(rowsWithMetadata),
            "rows_with_explicit_id": .int(rowsWithExplicitID),
        ]
    }
}

extension DatasetRow: JSONRepresentable {
    public var json: JSONValue {
        var object: [String: JSONValue] = ["id": .string(id), "inputs": .object(inputs), "line": .int(line)]
        if let expected { object["expected"] = expected }
        if let output { object["output"] = output }
        if !metadata.isEmpty { object["metadata"] = .object(metadata) }
        return .object(object)
    }
}

/// ISO 8601 with the author's own offset, as `git log --date=iso-strict` prints it.
public enum ISO8601Format {
    public static func string(_ date: Date, offsetMinutes: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = abs(offsetMinutes)
        let clock = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d",
            parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        return clock + sign + String(format: "%02d:%02d", offset / 60, offset % 60)
    }

    /// `2026-11-25`, the author's calendar day.
    public static func day(_ date: Date, offsetMinutes: Int) -> String {
        String(string(date, offsetMinutes: offsetMinutes).prefix(10))
    }
}
