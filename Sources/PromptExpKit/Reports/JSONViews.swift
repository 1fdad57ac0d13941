public import Foundation

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
        .array(
            hunks.map { hunk in
                [
                    "header": .string(hunk.header),
                    "old_start": .int(hunk.oldStart), "old_lines": .int(hunk.oldCount),
                    "new_start": .int(hunk.newStart), "new_lines": .int(hunk.newCount),
                    "lines": .array(
                        hunk.lines.map { line in
                            var object: [String: JSONValue] = [
                                "kind": .string(line.kind.rawValue), "text": .string(line.text),
                            ]
                            if let old = line.oldNumber { object["old_line"] = .int(old) }
                            if let new = line.newNumber { object["new_line"] = .int(new) }
                            if line.missingNewline { object["no_newline_at_end"] = .bool(true) }
                            return .object(object)
                        }),
                ]
            })
    }
}

extension ChatMessage: JSONRepresentable {}

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
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offsetMinutes * 60
        let (days, seconds) = local.quotientAndRemainder(dividingBy: 86_400)
        let (dayIndex, secondOfDay) = seconds < 0 ? (days - 1, seconds + 86_400) : (days, seconds)
        let (year, month, day) = civilDate(daysSinceEpoch: dayIndex)
        let offset = abs(offsetMinutes)
        return "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):"
            + "\(pad(secondOfDay % 60))\(offsetMinutes < 0 ? "-" : "+")\(pad(offset / 60)):\(pad(offset % 60))"
    }

    /// `2026-11-25`, the author's calendar day.
    public static func day(_ date: Date, offsetMinutes: Int) -> String {
        String(string(date, offsetMinutes: offsetMinutes).prefix(10))
    }

    /// Year, month and day of a day count since 1970-01-01 in the proleptic Gregorian
    /// calendar (Howard Hinnant's days-to-civil algorithm).
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ number: Int, _ width: Int = 2) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
