public import Foundation

/// A provider's batch API: many requests submitted as one job, answered asynchronously
/// (within 24 hours) at a lower price. Each request carries a custom id, and answers are
/// matched to requests by it, never by their order.
public protocol BatchAPI: Sendable {
    /// How much one batch may hold; a larger run is split across several batches.
    var limits: BatchLimits { get }
    /// One request as the batch carries it (a JSONL line for OpenAI, an element of the
    /// requests array for the others); its size counts against `limits.maxBytes`. Only
    /// these bytes are held while a batch is gathered.
    func encode(_ request: BatchRequest) throws(ProviderError) -> Data
    /// Creates one batch of `entries` (encoded requests, all for `model`, the provider's
    /// model id), named `label` where the provider keeps a name, and returns its id. Not
    /// idempotent on the provider's side: the caller records `label` before and the id after.
    func submit(_ entries: [Data], model: String, label: String) async throws(ProviderError) -> String
    func status(of id: String) async throws(ProviderError) -> BatchStatus
    /// Downloads an ended batch's answers into files of JSON lines in `directory`, and
    /// returns them; `answer(in:)` reads each line. `customIDs` are the batch's requests in
    /// the order submitted, for an answer that names none.
    func download(_ status: BatchStatus, customIDs: [String], into directory: URL) async throws(ProviderError) -> [URL]
    /// The custom id and outcome one downloaded line holds; nil for a line that is not one.
    func answer(in line: JSONValue) -> (customID: String, answer: BatchAnswer)?
    func cancel(_ id: String) async throws(ProviderError)
    /// The id of a batch created with `label` (or, where the provider keeps no name, the
    /// one created at or after `after` with `requestCount` requests and not in `known`):
    /// how a submission cut short between creating and recording is found again.
    func find(label: String, requestCount: Int, after: Date, known: Set<String>) async throws(ProviderError)
        -> String?
}

/// One request of a batch, under its custom id (the request hash).
public struct BatchRequest: Sendable {
    public let customID: String
    public let request: ChatRequest

    public init(customID: String, request: ChatRequest) {
        self.customID = customID
        self.request = request
    }
}

/// A JSON body around encoded entries, built as bytes: a batch of 100,000 requests is
/// never a tree of values in memory.
enum BatchBody {
    static func array(_ entries: [Data], prefix: String, suffix: String) -> Data {
        var body = Data(capacity: entries.reduce(prefix.utf8.count + suffix.utf8.count + 2) { $0 + $1.count + 1 })
        body.append(contentsOf: (prefix + "[").utf8)
        for (index, entry) in entries.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(entry)
        }
        body.append(contentsOf: ("]" + suffix).utf8)
        return body
    }
}

/// The most requests and bytes one batch may hold.
public struct BatchLimits: Sendable, Equatable {
    public var maxRequests: Int
    public var maxBytes: Int

    public init(maxRequests: Int, maxBytes: Int) {
        self.maxRequests = maxRequests
        self.maxBytes = maxBytes
    }
}

/// Where a batch is, in the provider's words and in ours.
public struct BatchStatus: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Queued, validating or running: ask again later.
        case running
        /// Finished (completed, expired or cancelled): its answers can be downloaded;
        /// requests without one are reported failed.
        case ended
        /// The batch as a whole failed (its input was refused): no request ran.
        case failed(String)
    }

    public var id: String
    public var phase: Phase
    /// The provider's own state name (`in_progress`, `ended`, `BATCH_STATE_RUNNING`).
    public var state: String
    public var finished: Int
    public var total: Int
    /// Where the answers are, as the provider said (file ids, a results URL).
    public var resultLocations: [String]

    public init(
        id: String, phase: Phase, state: String, finished: Int = 0, total: Int = 0, resultLocations: [String] = []
    ) {
        self.id = id
        self.phase = phase
        self.state = state
        self.finished = finished
        self.total = total
        self.resultLocations = resultLocations
    }
}

/// How one request of a batch ended.
public enum BatchAnswer: Sendable, Equatable {
    case answered(ChatResponse)
    /// Errored, expired or cancelled, with the provider's reason.
    case failed(String)

    /// The same outcome with every run of the endpoint's key blanked, as a direct call's
    /// answer is: a results file was downloaded whole, so this is where it happens.
    func redacted(by endpoint: ProviderEndpoint) -> BatchAnswer {
        switch self {
        case .answered(var response):
            response.text = endpoint.redact(response.text)
            return .answered(response)
        case .failed(let message): return .failed(endpoint.redact(message))
        }
    }
}

extension Provider {
    /// None by default: the mock, and servers that only speak the chat API.
    public var batchAPI: (any BatchAPI)? { nil }
}
