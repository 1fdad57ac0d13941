public import Foundation

/// A person's judgement of one output of an experiment's run: good or not, and why. Kept
/// in the experiment's `labels.jsonl` and committed on its branch, so labels are reviewed
/// in pull requests like code.
public struct HumanLabel: Hashable, Sendable {
    public var rowID: String
    public var model: String
    public var repeatIndex: Int
    /// `base` or `candidate`.
    public var variant: String
    public var good: Bool
    public var comment: String
    /// The labelled call's request hash: a later run that answers differently makes the
    /// label stale, and a stale label counts for nothing.
    public var requestHash: String?

    public init(rowID: String, model: String, repeatIndex: Int = 0, variant: String, good: Bool, comment: String = "") {
        self.rowID = rowID
        self.model = model
        self.repeatIndex = repeatIndex
        self.variant = variant
        self.good = good
        self.comment = comment
    }

    /// Which output it labels: a later label of the same output replaces an earlier one.
    public var key: String { "\(variant)\u{1F}\(rowID)\u{1F}\(model)\u{1F}\(repeatIndex)" }

    public var json: JSONValue {
        [
            "row_id": .string(rowID), "model": .string(model), "repeat": .int(repeatIndex), "variant": .string(variant),
            "good": .bool(good), "comment": .string(comment),
            "request_hash": requestHash.map(JSONValue.string) ?? .null,
        ]
    }

    /// Whether it labels this record's answer (the same output, not a later one).
    public func labels(_ record: ResultRecord) -> Bool {
        record.rowID == rowID && record.model == model && record.repeatIndex == repeatIndex && record.variant == variant
            && (requestHash == nil || requestHash == record.requestHash) && record.succeeded
    }

    public init?(json: JSONValue) {
        guard let rowID = json["row_id"]?.stringValue, let model = json["model"]?.stringValue,
            let variant = json["variant"]?.stringValue, case .bool(let good)? = json["good"]
        else { return nil }
        var repeatIndex = 0
        if case .int(let value)? = json["repeat"] { repeatIndex = value }
        self.init(
            rowID: rowID, model: model, repeatIndex: repeatIndex, variant: variant, good: good,
            comment: json["comment"]?.stringValue ?? "")
        requestHash = json["request_hash"]?.stringValue
    }

    /// The labels of a `labels.jsonl`, the last one of each output kept, in a fixed order;
    /// a bad line is an error naming it.
    public static func read(_ data: Data, path: String) throws -> [HumanLabel] {
        var latest: [String: HumanLabel] = [:]
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let value: JSONValue
            do {
                value = try JSONValue.parse(Data(line.utf8))
            } catch {
                throw DatasetError.invalidLine(SourceLocation(path: path, line: index + 1), "\(error)")
            }
            guard let label = HumanLabel(json: value) else {
                throw DatasetError.invalidLine(
                    SourceLocation(path: path, line: index + 1), "a label needs row_id, model, variant and good")
            }
            latest[label.key] = label
        }
        return latest.values.sorted { $0.key < $1.key }
    }

    /// The file's text for `labels`: one canonical line each.
    public static func text(_ labels: [HumanLabel]) -> String {
        labels.sorted { $0.key < $1.key }.map { $0.json.canonicalJSON + "\n" }.joined()
    }
}
