import Foundation
import PromptExpKit
import Synchronization

/// One small entry per base/candidate pair of an experiment's committed run, in results
/// order: what the experiment page filters, sorts and counts by. Made once per run (the
/// results commit names it) and kept, so paging through a run of 100,000 rows reads the
/// page's rows instead of every row, and the overview is counted once.
final class PairIndex: Sendable {
    struct Entry: Sendable {
        let rowID: String
        let model: String
        let repeatIndex: Int
        /// Candidate minus base, in overall score.
        let change: Double
        let flags: Flags
        let baseHash: String?
        let candidateHash: String?
        let baseSucceeded: Bool
        let candidateSucceeded: Bool
    }

    struct Flags: OptionSet, Sendable {
        let rawValue: UInt8
        static let changed = Flags(rawValue: 1)
        static let worse = Flags(rawValue: 2)
        static let better = Flags(rawValue: 4)
        static let failing = Flags(rawValue: 8)
        static let errors = Flags(rawValue: 16)
    }

    let entries: [Entry]
    /// Pairs by score change, per candidate model: 21 bins centred on -1, -0.9, …, 1.
    let histogram: [String: [Int]]
    /// Whether the dataset carries production's logged answers.
    let loggedOutputs: Bool

    init(results: URL, displayPath: String, dataset: DatasetFile?, weights: [String: Double]) throws {
        var reader = try PairedRowReader(results: results, displayPath: displayPath, dataset: dataset)
        var entries: [Entry] = []
        var histogram: [String: [Int]] = [:]
        var logged = false
        // One filter per flag, each asked with the pair's overall scores worked out once.
        let filters: [(Flags, PairFilter)] = [
            (.worse, \PairFilter.worse), (.better, \.better), (.failing, \.failing), (.errors, \.errors),
        ].map { flag, setting in
            var filter = PairFilter(weights: weights)
            filter[keyPath: setting] = true
            return (flag, filter)
        }
        while let (pairs, _) = try reader.next() {
            if reader.loggedOutput != nil { logged = true }
            for pair in pairs {
                let before = pair.base.overall(weights: weights)
                let after = pair.candidate.overall(weights: weights)
                let change = (after?.score ?? 0) - (before?.score ?? 0)
                var flags: Flags = []
                if pair.changed { flags.insert(.changed) }
                for (flag, filter) in filters where filter.matches(pair, before: before, after: after) {
                    flags.insert(flag)
                }
                entries.append(
                    Entry(
                        rowID: pair.base.rowID, model: pair.candidate.model, repeatIndex: pair.base.repeatIndex,
                        change: change, flags: flags, baseHash: pair.base.requestHash,
                        candidateHash: pair.candidate.requestHash, baseSucceeded: pair.base.succeeded,
                        candidateSucceeded: pair.candidate.succeeded))
                let bin = min(20, max(0, Int((change * 10 + 10).rounded())))
                histogram[pair.candidate.model, default: Array(repeating: 0, count: 21)][bin] += 1
            }
        }
        self.entries = entries
        self.histogram = histogram
        loggedOutputs = logged
    }

    /// The indexes of the entries the filters let through, in the order asked for.
    func matching(_ wanted: Flags, model: String?, sortByChange: Bool?) -> [Int] {
        var indexes = entries.indices.filter { index in
            let entry = entries[index]
            return entry.flags.isSuperset(of: wanted) && (model.map { entry.model == $0 } ?? true)
        }
        if let descending = sortByChange {
            indexes.sort {
                let (a, b) = (entries[$0].change, entries[$1].change)
                return descending ? (a, $1) > (b, $0) : (a, $0) < (b, $1)
            }
        }
        return indexes
    }
}
