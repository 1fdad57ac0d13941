public import Foundation

/// What `exp new` was asked for.
public struct ExperimentRequest: Sendable {
    public var name: String
    public var prompt: String
    /// The base version selector; nil means `production`, else the newest version.
    public var base: String?
    public var dataset: String?
    public var models: [String] = []
    public var sampleSize: Int?
    public var sampleSeed: UInt64 = 0
    public var repeats = 1
    /// Use the rows' logged `output` as the base's answers.
    public var baseFromLog = false
    /// A request log to sample real traffic from (`--sample-log`): up to `sampleSize` (10)
    /// requests, matched as `dataset sample --prompt` matches them and redacted, become the
    /// experiment's dataset, committed with it.
    public var sampleLog: (url: URL, path: String)?

    public init(name: String, prompt: String, base: String? = nil, dataset: String? = nil) {
        self.name = name
        self.prompt = prompt
        self.base = base
        self.dataset = dataset
    }

    /// Branch-safe names: letters, digits, `-`, `_`, `.`, not starting with `.` or `-`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first != ".", first != "-", !name.contains(".."), !name.hasSuffix(".lock") else {
            return false
        }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
