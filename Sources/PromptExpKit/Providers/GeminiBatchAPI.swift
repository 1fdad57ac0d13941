public import Foundation

/// Gemini's batch mode with inline requests: `models/M:batchGenerateContent` creates a
/// long-running operation `batches/ID`, polled until it is done; the answers come inline
/// in the operation, each with the `key` its request carried.
public struct GeminiBatchAPI: BatchAPI {
    let endpoint: ProviderEndpoint

    /// Inline requests must stay under 20 MB per batch.
    public var limits: BatchLimits { BatchLimits(maxRequests: 100_000, maxBytes: 19_000_000) }

    private var headers: [(String, String)] { endpoint.apiKey.map { [("x-goog-api-key", $0)] } ?? [] }

    static func entry(for request: BatchRequest) throws(ProviderError) -> JSONValue {
        ["request": try GeminiProvider.body(for: request.request), "metadata": ["key": .string(request.customID)]]
    }

    public func encode(_ request: BatchRequest) throws(ProviderError) -> Data {
        Data(try Self.entry(for: request).canonicalJSON.utf8)
    }

    public func submit(_ entries: [Data], model: String, label: String) async throws(ProviderError) -> String {
        let name = JSONValue.string(label).canonicalJSON
        let body = BatchBody.array(
            entries, prefix: #"{"batch":{"display_name":\#(name),"input_config":{"requests":{"requests":"#,
            suffix: "}}}}")
        let path = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? model
        let answer = try await endpoint.send(
            "POST", "\(endpoint.baseURL)/models/\(path):batchGenerateContent", headers: headers, body: body,
            contentType: "application/json", timeout: 600)
        guard let name = try OpenAIBatchAPI.json(answer)["name"]?.stringValue else {
            throw .malformedResponse("no name in the created batch")
        }
        return name
    }

    public func status(of id: String) async throws(ProviderError) -> BatchStatus {
        // The operation carries the inline answers once done: allow for them.
        let operation = try OpenAIBatchAPI.json(
            try await endpoint.send("GET", "\(endpoint.baseURL)/\(id)", headers: headers, maxBytes: 1 << 30))
        return try Self.status(operation)
    }

    static func status(_ operation: JSONValue) throws(ProviderError) -> BatchStatus {
        guard let id = operation["name"]?.stringValue else { throw .malformedResponse("no name in the batch") }
        let metadata = operation["metadata"]
        // The REST API says BATCH_STATE_*, the SDKs JOB_STATE_*: the same states.
        let state = metadata?["state"]?.stringValue ?? "BATCH_STATE_UNSPECIFIED"
        let stats = metadata?["batchStats"]
        let total = stats?["requestCount"]?.intValue ?? 0
        let finished = total - (stats?["pendingRequestCount"]?.intValue ?? total)
        let phase: BatchStatus.Phase
        if let error = operation["error"], error != .null {
            phase = .failed(error["message"]?.stringValue ?? "the batch failed")
        } else if state.hasSuffix("_FAILED") {
            phase = .failed("the batch failed (\(state))")
        } else if operation["done"] == .bool(true)
            || ["SUCCEEDED", "CANCELLED", "EXPIRED"].contains(where: {
                state.hasSuffix("_\($0)")
            })
        {
            phase = .ended
        } else {
            phase = .running
        }
        return BatchStatus(id: id, phase: phase, state: state, finished: max(0, finished), total: total)
    }

    /// Writes the operation's inline answers as lines of `{key, response}` or `{key,
    /// error}`, the shape of Gemini's own results files.
    public func download(_ status: BatchStatus, customIDs: [String], into directory: URL) async throws(ProviderError)
        -> [URL]
    {
        let operation = try OpenAIBatchAPI.json(
            try await endpoint.send("GET", "\(endpoint.baseURL)/\(status.id)", headers: headers, maxBytes: 1 << 30))
        let answers = operation["response"]?["inlinedResponses"]?["inlinedResponses"]?.arrayValue ?? []
        var text = ""
        for (position, answer) in answers.enumerated() {
            var line: [String: JSONValue] = [:]
            // Answers come in the order of the requests; the key names each, and where a
            // server leaves it out, the position does.
            if let key = answer["metadata"]?["key"] {
                line["key"] = key
            } else if position < customIDs.count {
                line["key"] = .string(customIDs[position])
            }
            if let response = answer["response"] { line["response"] = response }
            if let error = answer["error"] { line["error"] = error }
            text += JSONValue.object(line).canonicalJSON + "\n"
        }
        let destination = directory.appendingPathComponent("results.jsonl")
        do {
            try Data(text.utf8).write(to: destination)
        } catch {
            throw .transport("cannot write \(destination.path): \(error.localizedDescription)")
        }
        return [destination]
    }

    public func answer(in line: JSONValue) -> (customID: String, answer: BatchAnswer)? {
        outcome(in: line).map { ($0.customID, $0.answer.redacted(by: endpoint)) }
    }

    private func outcome(in line: JSONValue) -> (customID: String, answer: BatchAnswer)? {
        guard let key = line["key"]?.stringValue else { return nil }
        if let error = line["error"], error != .null {
            return (key, .failed(error["message"]?.stringValue ?? "the request failed"))
        }
        guard let response = line["response"] else { return (key, .failed("no answer in the batch")) }
        do {
            return (key, .answered(try GeminiProvider.parse(json: response)))
        } catch {
            return (key, .failed(error.description))
        }
    }

    public func cancel(_ id: String) async throws(ProviderError) {
        _ = try await endpoint.send("POST", "\(endpoint.baseURL)/\(id):cancel", headers: headers)
    }

    public func find(label: String, requestCount: Int, after: Date, known: Set<String>) async throws(ProviderError)
        -> String?
    {
        var token: String?
        repeat {
            let query = "pageSize=100" + (token.map { "&pageToken=\($0)" } ?? "")
            let page = try OpenAIBatchAPI.json(
                try await endpoint.send("GET", "\(endpoint.baseURL)/batches?\(query)", headers: headers))
            for operation in page["operations"]?.arrayValue ?? []
            where operation["metadata"]?["displayName"]?.stringValue == label {
                return operation["name"]?.stringValue
            }
            token = page["nextPageToken"]?.stringValue
        } while token != nil
        return nil
    }
}
