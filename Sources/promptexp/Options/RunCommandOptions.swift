import ArgumentParser
import Foundation
import PromptExpKit

/// The flags every command that runs prompts takes.
struct RunCommandOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The dataset: a path, or a name under datasets/ (default: the prompt's tests.dataset).",
            valueName: "dataset"),
        completion: Completions.datasets)
    var dataset: String?
    @Option(
        name: .customLong("model"),
        help: ArgumentHelp("A configured model name or provider/model. Repeatable.", valueName: "model"),
        completion: Completions.models)
    var models: [String] = []
    @Option(help: "Run a seeded random sample of this many rows.") var sample: Int?
    @Flag(
        name: .customLong("all-rows"),
        help: "Run every row of the dataset (an experiment's earlier --sample is dropped from its spec).")
    var allRows = false
    @Option(help: "The seed for --sample.") var seed: UInt64 = 0
    @Option(
        name: .customLong("repeat"),
        help: "Call each row this many times (independent answers; default 1, or what the experiment's spec says).")
    var repeats: Int?
    @Option(help: "Calls in flight at once (default: defaults.concurrency in the config).") var concurrency: Int?
    @Option(
        name: .customLong("max-cost"),
        help: ArgumentHelp("Stop scheduling before spend would pass this many dollars.", valueName: "usd"))
    var maxCost: Double?
    @Option(
        name: .customLong("param"),
        help: ArgumentHelp(
            "A request parameter as name=value (JSON or text); overrides the prompt's. Repeatable.",
            valueName: "name=value"))
    var params: [String] = []
    @Flag(
        name: .customLong("dry-run"),
        help: "Print the number of calls, cache hits and the estimated tokens and cost; send nothing.")
    var dryRun = false
    @Flag(name: .customLong("no-cache"), help: "Bypass the cache: send every call and store no answer in it.")
    var noCache = false
    @Flag(help: "No progress output.") var quiet = false
    @Flag(
        name: .customLong("keep-large"),
        help:
            "Keep every answer whole in the results. By default an answer past 256 KiB keeps its beginning, with its whole size as output_bytes."
    )
    var keepLarge = false
    @Flag(
        help:
            "Send the calls through the providers' batch APIs (half price, answered within 24 hours); run again to collect them."
    )
    var batch = false
    @Flag(help: "With --batch: wait for the batches to end, polling, then finish the run.") var wait = false
    @Option(
        name: .customLong("poll-interval"),
        help: ArgumentHelp("With --batch --wait: seconds between polls.", valueName: "seconds"))
    var pollInterval: Double = 30
    @Option(
        help: ArgumentHelp(
            "Run only shard I of N of the calls (split by request hash) into a results part, results.shard-I-of-N.jsonl, for a CI matrix.",
            valueName: "I/N"))
    var shard: String?
    @Flag(
        help:
            "Join the results parts of a sharded run lying beside the results file into the file one machine would have written, then score (and commit) as usual."
    )
    var merge = false
    @Option(
        name: .customLong("part"),
        help: ArgumentHelp(
            "With --merge: a results part to join, repeatable (default: the parts beside the results file).",
            valueName: "file"))
    var parts: [String] = []

    func validate() throws {
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
        if let repeats, repeats < 1 { throw ValidationError("--repeat must be at least 1") }
        if allRows, sample != nil { throw ValidationError("--all-rows and --sample cannot go together") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let maxCost, maxCost < 0 { throw ValidationError("--max-cost must not be negative") }
        if wait, !batch {
            throw ValidationError("--wait goes with --batch (add --batch also to wait for batches already submitted)")
        }
        if !(pollInterval > 0) { throw ValidationError("--poll-interval must be more than 0") }
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard takes I/N with 1 ≤ I ≤ N, got '\(shard)'")
        }
        if merge, shard != nil { throw ValidationError("--merge joins the parts of every shard: it takes no --shard") }
        if !parts.isEmpty, !merge { throw ValidationError("--part goes with --merge") }
        if merge, batch { throw ValidationError("--merge reads the parts: it takes no --batch") }
        if merge, dryRun { throw ValidationError("--merge writes the results: it takes no --dry-run") }
        if shard != nil, batch {
            throw ValidationError(
                "--shard splits the calls over machines and --batch hands them to the provider: use one of them")
        }
        for param in params where !param.contains("=") {
            throw ValidationError("--param takes name=value, got '\(param)'")
        }
    }

    /// What these flags ask of a run; `--part` files are named relative to `folder`.
    func settings(relativeTo folder: URL) -> RunSettings {
        var settings = RunSettings()
        settings.dataset = dataset
        settings.models = models
        settings.sample = sample
        settings.allRows = allRows
        settings.seed = seed
        settings.repeats = repeats
        settings.concurrency = concurrency
        settings.maxCost = maxCost
        settings.paramOverrides = paramOverrides
        settings.dryRun = dryRun
        settings.useCache = !noCache
        settings.batch = batch
        settings.shard = shard.flatMap(Shard.init(parsing:))
        settings.keepLargeAnswers = keepLarge
        // The parts `--merge` joins: those named by --part, else those beside the results
        // file (which go once the results hold them).
        if merge {
            settings.mergeParts = parts.map { URL(fileURLWithPath: $0, relativeTo: folder).standardizedFileURL }
        }
        return settings
    }

    /// How long batch mode waits between polls; nil to return after one pass.
    var batchPoll: Duration? {
        wait ? .milliseconds(Int64(pollInterval * 1000)) : nil
    }

    var paramOverrides: [String: JSONValue] {
        var overrides: [String: JSONValue] = [:]
        for param in params {
            let parts = param.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let text = parts.count > 1 ? String(parts[1]) : ""
            overrides[String(parts[0])] = (try? JSONValue.parse(Data(text.utf8))) ?? .string(text)
        }
        return overrides
    }
}
