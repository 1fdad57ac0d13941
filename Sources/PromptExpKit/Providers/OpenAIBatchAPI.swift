public import Foundation

/// OpenAI's Batch API: the requests as a JSONL file uploaded with `purpose=batch`, a batch
/// made from it on `/v1/chat/completions`, polled until it ends, and its output and error
/// files downloaded. Every server that implements these endpoints works the same way.
public struct OpenAIBatchAPI: BatchAPI {
    let endpoint: ProviderEndpoint

    /// The path each request line names; the batch's `endpoint` as well.
    static let chatPath = "/v1/chat/completions"
    /// Batches are created with this metadata key holding promptexp's label.
    static let labelKey = "promptexp_label"

    public var limits: BatchLimits { BatchLimits(maxRequests: 50_000, maxBytes: 200_000_000) }

    private var headers: [(String, String)] {
        endpoint.apiKey.map { [("authorization", "Bearer \($0)")] } ?? []
    }

    static func line(for request: BatchRequest) -> String {
        JSONValue.object([
            "custom_id": .string(request.customID), "method": "POST", "url": .string(chatPath),
            "body": OpenAIProvider.body(for: request.request),
        ]).canonicalJSON + "\n"
    }

    public func encode(_ request: BatchRequest) -> Data { Data(Self.line(for: request).utf8) }

    public func submit(_ entries: [Data], model: String, label: String) async throws(ProviderError) -> String {
        var file = Data(capacity: entries.reduce(0) { $0 + $1.count })
        for entry in entries { file.append(entry) }
        let fileID = try await upload(file, name: "\(label).jsonl")
        let body: JSONValue = [
            "input_file_id": .string(fileID), "endpoint": .string(Self.chatPath), "completion_window": "24h",
            "metadata": [Self.labelKey: .string(label)],
        ]
        let created = try Self.json(
            try await endpoint.post("\(endpoint.baseURL)/batches", headers: headers, body: body))
        guard let id = created["id"]?.stringValue else { throw .malformedResponse("no id in the created batch") }
        return id
    }

    /// `POST /files` as multipart form data; returns the file's id.
    private func upload(_ file: Data, name: String) async throws(ProviderError) -> String {
        let boundary = "promptexp-\(UUID().uuidString)"
        var body = Data()
        func part(_ headers: String, _ content: Data) {
            body.append(contentsOf: "--\(boundary)\r\n\(headers)\r\n\r\n".utf8)
            body.append(content)
            body.append(contentsOf: "\r\n".utf8)
        }
        part("Content-Disposition: form-data; name=\"purpose\"", Data("batch".utf8))
        part(
            "Content-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/jsonl",
            file)
        body.append(contentsOf: "--\(boundary)--\r\n".utf8)
        let answer = try await endpoint.send(
            "POST", "\(endpoint.baseURL)/files", headers: headers, body: body,
            contentType: "multipart/form-data; boundary=\(boundary)", timeout: 600)
        guard let id = try Self.json(answer)["id"]?.stringValue else {
            throw .malformedResponse("no id in the uploaded file")
        }
        return id
    }

    public func status(of id: String) async throws(ProviderError) -> BatchStatus {
        let batch = try Self.json(try await endpoint.send("GET", "\(endpoint.baseURL)/batches/\(id)", headers: headers))
        return try Self.status(batch)
    }

    static func status(_ batch: JSONValue) throws(ProviderError) -> BatchStatus {
        guard let id = batch["id"]?.stringValue, let state = batch["status"]?.stringValue else {
            throw .malformedResponse("no id or status in the batch")
        }
        let phase: BatchStatus.Phase
        switch state {
        case "completed", "expired", "cancelled": phase = .ended
        case "failed":
            let reasons = batch["errors"]?["data"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
            phase = .failed(reasons.isEmpty ? "the batch failed" : reasons.joined(separator: "; "))
        default: phase = .running
        }
        let counts = batch["request_counts"]
        let finished = (counts?["completed"]?.intValue ?? 0) + (counts?["failed"]?.intValue ?? 0)
        let files = [batch["output_file_id"]?.stringValue, batch["error_file_id"]?.stringValue].compactMap { $0 }
        return BatchStatus(
            id: id, phase: phase, state: state, finished: finished, total: counts?["total"]?.intValue ?? 0,
            resultLocations: files)
    }

    public func download(_ status: BatchStatus, customIDs: [String], into directory: URL) async throws(ProviderError)
        -> [URL]
    {
        var files: [URL] = []
        for (index, fileID) in status.resultLocations.enumerated() {
            let destination = directory.appendingPathComponent("\(index).jsonl")
            try await endpoint.download(
                "\(endpoint.baseURL)/files/\(fileID)/content", headers: headers, to: destination, timeout: 600)
            files.append(destination)
        }
        return files
    }

    public func answer(in line: JSONValue) -> (customID: String, answer: BatchAnswer)? {
        outcome(in: line).map { ($0.customID, $0.answer.redacted(by: endpoint)) }
    }

    private func outcome(in line: JSONValue) -> (customID: String, answer: BatchAnswer)? {
        guard let customID = line["custom_id"]?.stringValue else { return nil }
        let response = line["response"]
        if case .int(let status)? = response?["status_code"], let body = response?["body"] {
            guard (200..<300).contains(status) else {
                let message = body["error"]?["message"]?.stringValue ?? "the request failed"
                return (
                    customID, .failed(ProviderError.http(status: status, message: message, retryAfter: nil).description)
                )
            }
            do {
                return (customID, .answered(try OpenAIProvider.parse(json: body)))
            } catch {
                return (customID, .failed(error.description))
            }
        }
        let error = line["error"]
        let code = error?["code"]?.stringValue.map { "\($0): " } ?? ""
        return (customID, .failed(code + (error?["message"]?.stringValue ?? "no answer in the batch")))
    }

    public func cancel(_ id: String) async throws(ProviderError) {
        _ = try await endpoint.send("POST", "\(endpoint.baseURL)/batches/\(id)/cancel", headers: headers)
    }

    public func find(label: String, requestCount: Int, after: Date, known: Set<String>) async throws(ProviderError)
        -> String?
    {
        var cursor: String?
        // Newest first: stop at the first page that reaches back before the submission.
        while true {
            let query = "limit=100" + (cursor.map { "&after=\($0)" } ?? "")
            let page = try Self.json(
                try await endpoint.send("GET", "\(endpoint.baseURL)/batches?\(query)", headers: headers))
            let batches = page["data"]?.arrayValue ?? []
            if let match = batches.first(where: { $0["metadata"]?[Self.labelKey]?.stringValue == label }) {
                return match["id"]?.stringValue
            }
            let oldest = batches.last?["created_at"]?.doubleValue ?? 0
            guard page["has_more"] == .bool(true), let last = batches.last?["id"]?.stringValue,
                oldest >= after.timeIntervalSince1970 - 60
            else { return nil }
            cursor = last
        }
    }

    static func json(_ data: Data) throws(ProviderError) -> JSONValue {
        guard let value = try? JSONValue.parse(data) else {
            throw .malformedResponse("the body is not JSON: \(HTTPTransport.errorMessage(from: data))")
        }
        return value
    }
}
