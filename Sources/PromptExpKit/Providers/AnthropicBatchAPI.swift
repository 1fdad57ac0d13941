public import Foundation

/// Anthropic's Message Batches: the requests posted in one body, the batch polled until
/// `processing_status` is `ended`, and its results streamed from `results_url`.
public struct AnthropicBatchAPI: BatchAPI {
    let endpoint: ProviderEndpoint

    public var limits: BatchLimits { BatchLimits(maxRequests: 100_000, maxBytes: 256_000_000) }

    private var headers: [(String, String)] { AnthropicProvider.headers(for: endpoint) }
    private var batchesURL: String { "\(endpoint.baseURL)/messages/batches" }

    static func entry(for request: BatchRequest) throws(ProviderError) -> JSONValue {
        ["custom_id": .string(request.customID), "params": try AnthropicProvider.body(for: request.request)]
    }

    public func encode(_ request: BatchRequest) throws(ProviderError) -> Data {
        Data(try Self.entry(for: request).canonicalJSON.utf8)
    }

    public func submit(_ entries: [Data], model: String, label: String) async throws(ProviderError) -> String {
        let answer = try await endpoint.send(
            "POST", batchesURL, headers: headers, body: BatchBody.array(entries, prefix: #"{"requests":"#, suffix: "}"),
            contentType: "application/json", timeout: 600)
        guard let id = try OpenAIBatchAPI.json(answer)["id"]?.stringValue else {
            throw .malformedResponse("no id in the created batch")
        }
        return id
    }

    public func status(of id: String) async throws(ProviderError) -> BatchStatus {
        try Self.status(
            try OpenAIBatchAPI.json(try await endpoint.send("GET", "\(batchesURL)/\(id)", headers: headers)))
    }

    static func status(_ batch: JSONValue) throws(ProviderError) -> BatchStatus {
        guard let id = batch["id"]?.stringValue, let state = batch["processing_status"]?.stringValue else {
            throw .malformedResponse("no id or processing_status in the batch")
        }
        let counts = batch["request_counts"]
        let done = ["succeeded", "errored", "canceled", "expired"].reduce(0) { $0 + (counts?[$1]?.intValue ?? 0) }
        let processing = counts?["processing"]?.intValue ?? 0
        return BatchStatus(
            id: id, phase: state == "ended" ? .ended : .running, state: state, finished: done,
            total: done + processing, resultLocations: batch["results_url"]?.stringValue.map { [$0] } ?? [])
    }

    public func download(_ status: BatchStatus, customIDs: [String], into directory: URL) async throws(ProviderError)
        -> [URL]
    {
        guard let url = status.resultLocations.first else {
            throw .malformedResponse("the ended batch \(status.id) has no results_url")
        }
        let destination = directory.appendingPathComponent("results.jsonl")
        try await endpoint.download(url, headers: headers, to: destination, timeout: 600)
        return [destination]
    }

    public func answer(in line: JSONValue) -> (customID: String, answer: BatchAnswer)? {
        outcome(in: line).map { ($0.customID, $0.answer.redacted(by: endpoint)) }
    }

    private func outcome(in line: JSONValue) -> (customID: String, answer: BatchAnswer)? {
        guard let customID = line["custom_id"]?.stringValue, let result = line["result"] else { return nil }
        switch result["type"]?.stringValue {
        case "succeeded"?:
            guard let message = result["message"] else { return (customID, .failed("succeeded without a message")) }
            do {
                return (customID, .answered(try AnthropicProvider.parse(json: message)))
            } catch {
                return (customID, .failed(error.description))
            }
        case "errored"?:
            let error = result["error"]?["error"] ?? result["error"]
            let kind = error?["type"]?.stringValue.map { "\($0): " } ?? ""
            return (customID, .failed(kind + (error?["message"]?.stringValue ?? "the request errored")))
        case "expired"?: return (customID, .failed("the batch expired before this request ran"))
        case "canceled"?: return (customID, .failed("the batch was cancelled before this request ran"))
        default: return (customID, .failed("unknown result type in the batch"))
        }
    }

    public func cancel(_ id: String) async throws(ProviderError) {
        _ = try await endpoint.send("POST", "\(batchesURL)/\(id)/cancel", headers: headers)
    }

    /// Anthropic keeps no name on a batch: the one created since `after` with exactly
    /// `requestCount` requests that no record names is taken as ours.
    public func find(label: String, requestCount: Int, after: Date, known: Set<String>) async throws(ProviderError)
        -> String?
    {
        var cursor: String?
        while true {
            let query = "limit=100" + (cursor.map { "&after_id=\($0)" } ?? "")
            let page = try OpenAIBatchAPI.json(
                try await endpoint.send("GET", "\(batchesURL)?\(query)", headers: headers))
            let batches = page["data"]?.arrayValue ?? []
            for batch in batches {
                guard let id = batch["id"]?.stringValue, !known.contains(id),
                    let created = batch["created_at"]?.stringValue.flatMap(Self.date(from:)),
                    created >= after.addingTimeInterval(-60),
                    let status = try? Self.status(batch), status.total == requestCount
                else { continue }
                return id
            }
            let oldest = batches.last?["created_at"]?.stringValue.flatMap(Self.date(from:)) ?? .distantPast
            guard page["has_more"] == .bool(true), let last = page["last_id"]?.stringValue, oldest >= after else {
                return nil
            }
            cursor = last
        }
    }

    static func date(from text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
