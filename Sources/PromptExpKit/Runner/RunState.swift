import Foundation

/// The mutable bookkeeping of a run, owned by the task that drives it.
struct RunState {
    var summary = RunSummary()
    var progress = RunProgress()
    var nextToSchedule = 0
    var nextToWrite = 0
    var finished: [Int: (record: ResultRecord, row: DatasetRow?)] = [:]
    /// Finished in order and not yet handed to the sink, with the rows they answer.
    var ready: [(record: ResultRecord, row: DatasetRow?)] = []
    var spent = 0.0
    var inFlightEstimate = 0.0
    var estimates: [Int: Double] = [:]
    var stop: RunStop?
    /// Output bytes held in `finished` and `ready`, not yet written.
    var bufferedBytes = 0

    init(total: Int) {
        progress.total = total
    }

    /// Whether the answers held unwritten reach either budget: the scheduler then waits.
    func isBufferFull(count: Int, bytes: Int) -> Bool {
        ready.count >= count || (bufferedBytes >= bytes && !ready.isEmpty)
    }

    mutating func finish(
        _ call: PlannedCall, _ result: CallResult, journal: RunJournal?, maxOutputBytes: Int?,
        onEvent: (RunEvent) -> Void
    ) throws {
        var record = ResultRecord(
            rowID: call.rowID, variant: call.variant, model: call.model.name, repeatIndex: call.repeatIndex,
            promptBlob: call.promptBlob, requestHash: call.requestHash, output: nil, finishReason: nil, usage: nil,
            cost: nil, latencyMilliseconds: nil, error: nil)
        let reused: Bool
        switch result {
        case .answered(let response):
            reused = false
            record.fill(from: response, price: call.model.price, maxOutputBytes: maxOutputBytes)
            record.toolCalls = ToolCall.marked(record.toolCalls, params: call.request.params)
            // A server that reports no usage still charges: the budget counts what the
            // request and answer are estimated to cost, as the estimate before the run does.
            spent += record.cost ?? Self.estimatedCost(of: call, answer: response) ?? 0
            // Durable before anything else: a kill after this line costs nothing.
            try journal?.append(response, for: call.requestHash)
        case .reused(let response):
            reused = true
            record.fill(from: response, price: call.model.price, maxOutputBytes: maxOutputBytes)
            record.toolCalls = ToolCall.marked(record.toolCalls, params: call.request.params)
        case .failed(let error, let latency):
            reused = false
            record.error = error.description
            if case .batch(let id, _) = error {
                record.batch = id
            } else {
                record.latencyMilliseconds = latency
            }
        }
        if !reused {
            summary.sentCalls += 1
            progress.sent += 1
        }
        summary.add(record, reused: reused)
        progress.done += 1
        if reused { progress.reused += 1 }
        if record.error != nil { progress.errors += 1 }
        progress.cost = spent
        bufferedBytes += record.output?.utf8.count ?? 0
        finished[call.index] = (record, call.row)
        while let next = finished.removeValue(forKey: nextToWrite) {
            ready.append(next)
            nextToWrite += 1
        }
        onEvent(.progress(progress))
    }

    /// What an answer without usage is estimated to cost: input ≈ request bytes / 4,
    /// output ≈ answer bytes / 4; nil when the model's price is unknown.
    static func estimatedCost(of call: PlannedCall, answer: CachedResponse) -> Double? {
        let price = answer.batch == nil ? call.model.price : call.model.price?.batch
        return price?.cost(
            inputTokens: CostEstimate.inputTokens(for: call.request),
            outputTokens: OutputTokenHistory.tokens(of: answer.text, counted: nil))
    }

    /// Readies whatever finished out of order after a gap (a stopped run's stragglers).
    mutating func flushAll() {
        for index in finished.keys.sorted() {
            if let record = finished.removeValue(forKey: index) { ready.append(record) }
        }
    }

    /// The records ready to be written, in order; the list is emptied.
    mutating func takeReady() -> [(record: ResultRecord, row: DatasetRow?)] {
        bufferedBytes -= ready.reduce(0) { $0 + ($1.record.output?.utf8.count ?? 0) }
        defer { ready.removeAll(keepingCapacity: true) }
        return ready
    }
}

extension ResultRecord {
    /// Copies an answer in and prices it: usage × price when both are known; a free
    /// model costs 0 even without usage; otherwise the cost stays unknown.
    mutating func fill(from response: CachedResponse, price: ModelPrice?, maxOutputBytes: Int? = nil) {
        output = response.text
        if let limit = maxOutputBytes, response.text.utf8.count > limit {
            output = Self.prefix(of: response.text, bytes: limit)
            outputBytes = response.text.utf8.count
        }
        finishReason = response.finishReason
        usage = response.usage
        batch = response.batch
        toolCalls = response.toolCalls
        // A batch answer took no time of its own that anyone waited on.
        latencyMilliseconds = response.batch == nil ? response.latencyMilliseconds : nil
        let price = response.batch == nil ? price : price?.batch
        if let usage = response.usage, let price {
            cost = price.cost(inputTokens: usage.inputTokens, outputTokens: usage.outputTokens)
        } else if let price, price.inputPerMillion == 0, price.outputPerMillion == 0 {
            cost = 0
        }
    }
}

extension ResultRecord {
    /// The longest beginning of `text` within `bytes` bytes of UTF-8, cut between characters.
    static func prefix(of text: String, bytes: Int) -> String {
        var end = text.startIndex
        var used = 0
        for character in text {
            let size = character.utf8.count
            guard used + size <= bytes else { break }
            used += size
            end = text.index(after: end)
        }
        return String(text[..<end])
    }
}
