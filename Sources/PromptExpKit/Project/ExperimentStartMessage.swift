import Foundation

/// The message of the commit `exp new` makes, written and read in one place.
///
/// That commit re-states the base version on the experiment branch (without the
/// `production` tag, perhaps with `tests.models`): it is the tool's bookkeeping, not a
/// version anyone wrote, so the prompt's history reads it back from the message and
/// does not count it as a version of its own.
struct ExperimentStartMessage {
    var experiment: String
    var prompt: String
    var baseLabel: String
    var baseRef: String
    var baseCommit: ObjectID
    var baseBlob: ObjectID
    var datasetPath: String
    var models: [String]

    var text: String {
        """
        exp \(experiment): start from \(prompt) \(baseLabel)

        Base: \(baseRef) (\(baseCommit.short), blob \(baseBlob.short))
        Dataset: \(datasetPath)
        Models: \(models.joined(separator: ", "))

        """
    }

    /// The abbreviated blob of the base version named in a start commit's message, or nil
    /// when `message` is not one (a person's commit never matches both the subject and the
    /// `Base:` line).
    static func baseBlobPrefix(in message: String) -> String? {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        guard let subject = lines.first, subject.hasPrefix("exp "), subject.contains(": start from ") else {
            return nil
        }
        for line in lines.dropFirst() where line.hasPrefix("Base: ") && line.hasSuffix(")") {
            guard let marker = line.range(of: ", blob ", options: .backwards) else { continue }
            let hex = line[marker.upperBound...].dropLast()
            guard hex.count >= 4, hex.allSatisfy(\.isHexDigit) else { continue }
            return hex.lowercased()
        }
        return nil
    }
}
