public import Foundation

/// How a job's calls are made, part of its configuration: every mode goes through the same
/// `RunSequence`. (Batch mode is `RunJob.batch`: whole or not, calls may go to the
/// providers' batch APIs.)
public enum RunMode: Sendable, Equatable {
    /// Every call of the plan, here.
    case whole
    /// One shard's calls, into a results part beside the results file (unscored).
    case shard(Shard)
    /// Joins the parts into the results file, scored. `discovered`: they were found beside
    /// it, and go once the results are durable (the results hold them).
    case merge(parts: [URL], discovered: Bool)
}
