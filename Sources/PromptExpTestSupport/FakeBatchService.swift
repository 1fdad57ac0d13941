import Foundation
import PromptExpKit

/// The batch endpoints of the fake provider server: OpenAI's Files and Batches, Anthropic's
/// Message Batches and Gemini's `batchGenerateContent`, in their wire formats. Each batch
/// ends after a set number of polls; tests can make it expire part-way, fail some
/// requests, fail as a whole, or answer out of order. Answers come from the server's
/// `answer` closure, as its chat endpoints' do.
public final class FakeBatchService: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    let lock = NSLock()

    /// How the next batches behave.
    public struct Behaviour: Sendable {
        /// Status requests answered "running" before the batch ends.
        public var pollsUntilDone = 1
        /// Every Nth request (1-based) is answered with an error.
        public var errorEvery: Int?
        /// The batch ends as expired with only the first `answeredBeforeExpiry` requests answered.
        public var expiresAfter: Int?
        /// The whole batch fails validation: nothing runs.
        public var failsValidation = false
        /// Results are written last request first (matching must go by custom id).
        public var reversed = true

        public init() {}
    }

    struct Batch {
        let kind: String
        let id: String
        let label: String?
        let created: Date
        let requests: [(customID: String, body: JSONValue)]
        let behaviour: Behaviour
        var polls = 0
        var cancelled = false
        var outputFile: String?
        var errorFile: String?
    }

    private var files: [String: Data] = [:]
    private var batches: [String: Batch] = [:]
    private var order: [String] = []
    private var counter = 0
    private var behaviour = Behaviour()

    init() {}

    /// How the batches created from now on behave.
    public func behave(_ behaviour: Behaviour) {
        lock.withLock { self.behaviour = behaviour }
    }

    /// How many batches were created, and how many requests they held in all.
    public var created: (batches: Int, requests: Int) {
        lock.withLock { (batches.count, batches.values.reduce(0) { $0 + $1.requests.count }) }
    }

    /// The ids of the batches created, oldest first.
    public var batchIDs: [String] { lock.withLock { order } }

    /// Answers a batch endpoint, or nil when `uri` is not one.
    func respond(
        method: String, uri: String, body: Data, baseURL: String,
        answer: @escaping @Sendable (FakeProviderServer.Request) -> String, usage: (Int, Int)
    ) -> (Int, String)? {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        return lock.withLock {
            switch (method, path) {
            case ("POST", "/v1/files"): return uploadFile(body)
            case ("GET", let p) where p.hasPrefix("/v1/files/") && p.hasSuffix("/content"):
                let id = String(p.dropFirst("/v1/files/".count).dropLast("/content".count))
                guard let data = files[id] else { return (404, #"{"error": {"message": "no such file"}}"#) }
                return (200, String(decoding: data, as: UTF8.self))
            case ("POST", "/v1/batches"): return createOpenAI(body)
            case ("GET", "/v1/batches"): return (200, listOpenAI())
            case ("GET", let p) where p.hasPrefix("/v1/batches/"):
                return poll(String(p.dropFirst("/v1/batches/".count)), baseURL: baseURL, answer: answer, usage: usage)
            case ("POST", let p) where p.hasPrefix("/v1/batches/") && p.hasSuffix("/cancel"):
                return cancel(String(p.dropFirst("/v1/batches/".count).dropLast("/cancel".count)), baseURL: baseURL)
            case ("POST", "/v1/messages/batches"): return createAnthropic(body)
            case ("GET", "/v1/messages/batches"): return (200, listAnthropic())
            case ("GET", let p) where p.hasPrefix("/v1/messages/batches/") && p.hasSuffix("/results"):
                let id = String(p.dropFirst("/v1/messages/batches/".count).dropLast("/results".count))
                guard let batch = batches[id], let file = batch.outputFile, let data = files[file] else {
                    return (404, #"{"error": {"message": "no results yet"}}"#)
                }
                return (200, String(decoding: data, as: UTF8.self))
            case ("GET", let p) where p.hasPrefix("/v1/messages/batches/"):
                return poll(
                    String(p.dropFirst("/v1/messages/batches/".count)), baseURL: baseURL, answer: answer, usage: usage)
            case ("POST", let p) where p.hasPrefix("/v1/messages/batches/") && p.hasSuffix("/cancel"):
                return cancel(
                    String(p.dropFirst("/v1/messages/batches/".count).dropLast("/cancel".count)), baseURL: baseURL)
            case ("POST", let p) where p.hasPrefix("/v1beta/models/") && p.hasSuffix(":batchGenerateContent"):
                return createGemini(body)
            case ("GET", "/v1beta/batches"): return (200, listGemini())
            case ("POST", let p) where p.hasPrefix("/v1beta/batches/") && p.hasSuffix(":cancel"):
                return cancel(String(p.dropFirst("/v1beta/".count).dropLast(":cancel".count)), baseURL: baseURL)
            case ("GET", let p) where p.hasPrefix("/v1beta/batches/"):
                return poll(String(p.dropFirst("/v1beta/".count)), baseURL: baseURL, answer: answer, usage: usage)
            default: return nil
            }
        }
    }

    private func nextID(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }

    // MARK: Creating

    private func uploadFile(_ body: Data) -> (Int, String) {
        // The multipart part named "file": its content between the blank line and the boundary.
        let text = String(decoding: body, as: UTF8.self)
        guard let boundaryLine = text.split(separator: "\r\n", maxSplits: 1).first,
            let start = text.range(of: "name=\"file\""),
            let contentStart = text.range(of: "\r\n\r\n", range: start.upperBound..<text.endIndex),
            let end = text.range(of: "\r\n" + boundaryLine, range: contentStart.upperBound..<text.endIndex)
        else { return (400, #"{"error": {"message": "no file part"}}"#) }
        let id = nextID("file-")
        files[id] = Data(text[contentStart.upperBound..<end.lowerBound].utf8)
        return (200, JSONValue.object(["id": .string(id), "object": "file", "purpose": "batch"]).canonicalJSON)
    }

    private func createOpenAI(_ body: Data) -> (Int, String) {
        guard let json = try? JSONValue.parse(body), let fileID = json["input_file_id"]?.stringValue,
            let file = files[fileID]
        else { return (400, #"{"error": {"message": "no such input file"}}"#) }
        var requests: [(String, JSONValue)] = []
        for line in String(decoding: file, as: UTF8.self).split(separator: "\n") {
            guard let value = try? JSONValue.parse(Data(line.utf8)), let id = value["custom_id"]?.stringValue,
                let request = value["body"], value["url"]?.stringValue == "/v1/chat/completions"
            else { return (400, #"{"error": {"message": "a line of the input file is not a batch request"}}"#) }
            requests.append((id, request))
        }
        let batch = add("openai", nextID("batch_"), label: json["metadata"]?["promptexp_label"]?.stringValue, requests)
        return (200, openAIObject(batch).canonicalJSON)
    }

    private func createAnthropic(_ body: Data) -> (Int, String) {
        guard let json = try? JSONValue.parse(body), let items = json["requests"]?.arrayValue else {
            return (400, #"{"error": {"type": "invalid_request_error", "message": "no requests"}}"#)
        }
        var requests: [(String, JSONValue)] = []
        for item in items {
            guard let id = item["custom_id"]?.stringValue, let params = item["params"] else {
                return (
                    400,
                    #"{"error": {"type": "invalid_request_error", "message": "a request lacks custom_id or params"}}"#
                )
            }
            requests.append((id, params))
        }
        let batch = add("anthropic", nextID("msgbatch_"), label: nil, requests)
        return (200, anthropicObject(batch, baseURL: "").canonicalJSON)
    }

    private func createGemini(_ body: Data) -> (Int, String) {
        guard let json = try? JSONValue.parse(body),
            let items = json["batch"]?["input_config"]?["requests"]?["requests"]?.arrayValue
        else { return (400, #"{"error": {"code": 400, "message": "no inline requests"}}"#) }
        var requests: [(String, JSONValue)] = []
        for item in items {
            guard let key = item["metadata"]?["key"]?.stringValue, let request = item["request"] else {
                return (400, #"{"error": {"code": 400, "message": "a request lacks metadata.key"}}"#)
            }
            requests.append((key, request))
        }
        let batch = add("gemini", nextID("batches/"), label: json["batch"]?["display_name"]?.stringValue, requests)
        return (200, geminiObject(batch).canonicalJSON)
    }

    private func add(_ kind: String, _ id: String, label: String?, _ requests: [(String, JSONValue)]) -> Batch {
        let batch = Batch(kind: kind, id: id, label: label, created: Date(), requests: requests, behaviour: behaviour)
        batches[id] = batch
        order.append(id)
        return batch
    }

    // MARK: Polling

    private func poll(
        _ id: String, baseURL: String, answer: @escaping @Sendable (FakeProviderServer.Request) -> String,
        usage: (Int, Int)
    ) -> (Int, String) {
        guard var batch = batches[id] else { return (404, #"{"error": {"message": "no such batch"}}"#) }
        batch.polls += 1
        if isEnded(batch), batch.outputFile == nil { finish(&batch, answer: answer, usage: usage) }
        batches[id] = batch
        switch batch.kind {
        case "openai": return (200, openAIObject(batch).canonicalJSON)
        case "anthropic": return (200, anthropicObject(batch, baseURL: baseURL).canonicalJSON)
        default: return (200, geminiObject(batch).canonicalJSON)
        }
    }

    private func cancel(_ id: String, baseURL: String) -> (Int, String) {
        guard var batch = batches[id] else { return (404, #"{"error": {"message": "no such batch"}}"#) }
        batch.cancelled = true
        batches[id] = batch
        switch batch.kind {
        case "openai": return (200, openAIObject(batch).canonicalJSON)
        case "anthropic": return (200, anthropicObject(batch, baseURL: baseURL).canonicalJSON)
        default: return (200, JSONValue.object([:]).canonicalJSON)
        }
    }

    private func isEnded(_ batch: Batch) -> Bool {
        batch.cancelled || batch.behaviour.failsValidation || batch.polls > batch.behaviour.pollsUntilDone
    }

    /// How many requests the batch answers (the rest expired or were cancelled).
    private func answeredCount(_ batch: Batch) -> Int {
        if batch.cancelled { return 0 }
        return min(batch.requests.count, batch.behaviour.expiresAfter ?? batch.requests.count)
    }

    /// Writes the batch's results (and errors), in the provider's line format.
    private func finish(
        _ batch: inout Batch, answer: @escaping @Sendable (FakeProviderServer.Request) -> String, usage: (Int, Int)
    ) {
        guard !batch.behaviour.failsValidation else { return }
        var output: [String] = []
        var errors: [String] = []
        let answered = answeredCount(batch)
        for (position, request) in batch.requests.enumerated() {
            let line = resultLine(
                batch, position: position, request: request, answered: answered, answer: answer, usage: usage)
            if line.isError, batch.kind == "openai" { errors.append(line.text) } else { output.append(line.text) }
        }
        if batch.behaviour.reversed {
            output.reverse()
            errors.reverse()
        }
        let outputID = nextID("file-")
        files[outputID] = Data(output.map { $0 + "\n" }.joined().utf8)
        batch.outputFile = outputID
        if !errors.isEmpty {
            let errorID = nextID("file-")
            files[errorID] = Data(errors.map { $0 + "\n" }.joined().utf8)
            batch.errorFile = errorID
        }
    }

    private func resultLine(
        _ batch: Batch, position: Int, request: (customID: String, body: JSONValue), answered: Int,
        answer: @escaping @Sendable (FakeProviderServer.Request) -> String, usage: (Int, Int)
    ) -> (text: String, isError: Bool) {
        let id = request.customID
        let expired = position >= answered
        let errored = !expired && batch.behaviour.errorEvery.map { (position + 1) % $0 == 0 } == true
        let chatURI =
            batch.kind == "openai"
            ? "/v1/chat/completions" : batch.kind == "anthropic" ? "/v1/messages" : "/v1beta/models/m:generateContent"
        let chatRequest = FakeProviderServer.Request(
            method: "POST", uri: chatURI, headers: [], body: request.body.canonicalJSON)
        let text = answer(chatRequest)
        // A request offering tools is answered as the chat endpoint would: with a call.
        let body =
            FakeToolChooser.call(for: chatRequest).map { FakeToolChooser.success(uri: chatURI, call: $0, usage: usage) }
            ?? FakeHTTPHandler.success(uri: chatURI, text: text, usage: usage)
        let success = (try? JSONValue.parse(Data(body.utf8))) ?? .null
        switch batch.kind {
        case "openai":
            if expired {
                return (
                    JSONValue.object([
                        "id": .string("batch_req_\(position)"), "custom_id": .string(id), "response": .null,
                        "error": [
                            "code": .string(batch.cancelled ? "batch_cancelled" : "batch_expired"),
                            "message": "This request could not be executed before the completion window expired.",
                        ],
                    ]).canonicalJSON, true
                )
            }
            if errored {
                return (
                    JSONValue.object([
                        "id": .string("batch_req_\(position)"), "custom_id": .string(id),
                        "response": [
                            "status_code": 400, "request_id": "req",
                            "body": ["error": ["message": "fake invalid request", "type": "invalid_request_error"]],
                        ], "error": .null,
                    ]).canonicalJSON, true
                )
            }
            return (
                JSONValue.object([
                    "id": .string("batch_req_\(position)"), "custom_id": .string(id),
                    "response": ["status_code": 200, "request_id": "req", "body": success], "error": .null,
                ]).canonicalJSON, false
            )
        case "anthropic":
            let result: JSONValue
            if expired {
                result = ["type": .string(batch.cancelled ? "canceled" : "expired")]
            } else if errored {
                result = [
                    "type": "errored",
                    "error": [
                        "type": "error", "error": ["type": "invalid_request_error", "message": "fake invalid request"],
                    ],
                ]
            } else {
                result = ["type": "succeeded", "message": success]
            }
            return (JSONValue.object(["custom_id": .string(id), "result": result]).canonicalJSON, expired || errored)
        default:
            var line: [String: JSONValue] = ["metadata": ["key": .string(id)]]
            if expired {
                line["error"] = ["code": 4, "message": "the batch expired"]
            } else if errored {
                line["error"] = ["code": 400, "message": "fake invalid request"]
            } else {
                line["response"] = success
            }
            return (JSONValue.object(line).canonicalJSON, expired || errored)
        }
    }

    // MARK: The providers' objects

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private func openAIObject(_ batch: Batch) -> JSONValue {
        let ended = isEnded(batch)
        let answered = answeredCount(batch)
        let status: String
        if batch.behaviour.failsValidation {
            status = "failed"
        } else if !ended {
            status = batch.cancelled ? "cancelling" : (batch.polls == 0 ? "validating" : "in_progress")
        } else if batch.cancelled {
            status = "cancelled"
        } else {
            status = answered < batch.requests.count ? "expired" : "completed"
        }
        var object: [String: JSONValue] = [
            "id": .string(batch.id), "object": "batch", "endpoint": "/v1/chat/completions", "status": .string(status),
            "completion_window": "24h", "created_at": .int(Int(batch.created.timeIntervalSince1970)),
            "output_file_id": batch.outputFile.map(JSONValue.string) ?? .null,
            "error_file_id": batch.errorFile.map(JSONValue.string) ?? .null,
            "request_counts": [
                "total": .int(batch.requests.count), "completed": .int(ended ? answered : 0),
                "failed": .int(ended ? batch.requests.count - answered : 0),
            ],
            "metadata": batch.label.map { ["promptexp_label": .string($0)] } ?? .null,
        ]
        if batch.behaviour.failsValidation {
            object["errors"] = [
                "object": "list", "data": [["code": "invalid_request", "message": "fake validation failure"]],
            ]
        }
        return .object(object)
    }

    private func anthropicObject(_ batch: Batch, baseURL: String) -> JSONValue {
        let ended = isEnded(batch)
        let answered = answeredCount(batch)
        let total = batch.requests.count
        return [
            "id": .string(batch.id), "type": "message_batch",
            "processing_status": .string(ended ? "ended" : batch.cancelled ? "canceling" : "in_progress"),
            "request_counts": [
                "processing": .int(ended ? 0 : total), "succeeded": .int(ended ? answered : 0),
                "errored": 0, "canceled": .int(ended && batch.cancelled ? total - answered : 0),
                "expired": .int(ended && !batch.cancelled ? total - answered : 0),
            ],
            "created_at": .string(Self.timestamp(batch.created)),
            "results_url": ended ? .string("\(baseURL)/v1/messages/batches/\(batch.id)/results") : .null,
        ]
    }

    private func geminiObject(_ batch: Batch) -> JSONValue {
        let ended = isEnded(batch)
        let state: String
        if batch.behaviour.failsValidation {
            state = "BATCH_STATE_FAILED"
        } else if !ended {
            state = batch.polls == 0 ? "BATCH_STATE_PENDING" : "BATCH_STATE_RUNNING"
        } else {
            state = batch.cancelled ? "BATCH_STATE_CANCELLED" : "BATCH_STATE_SUCCEEDED"
        }
        var object: [String: JSONValue] = [
            "name": .string(batch.id),
            "metadata": [
                "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
                "displayName": batch.label.map(JSONValue.string) ?? .null, "state": .string(state),
                "batchStats": [
                    "requestCount": .string(String(batch.requests.count)),
                    "pendingRequestCount": .string(ended ? "0" : String(batch.requests.count)),
                ],
            ],
            "done": .bool(ended),
        ]
        if ended, !batch.behaviour.failsValidation, let file = batch.outputFile, let data = files[file] {
            let answers = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
                try? JSONValue.parse(Data($0.utf8))
            }
            object["response"] = [
                "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput",
                "inlinedResponses": ["inlinedResponses": .array(answers)],
            ]
        }
        return .object(object)
    }

    private func listOpenAI() -> String {
        let data = order.reversed().compactMap { batches[$0] }.filter { $0.kind == "openai" }.map(openAIObject)
        return JSONValue.object(["object": "list", "data": .array(data), "has_more": false]).canonicalJSON
    }

    private func listAnthropic() -> String {
        let data = order.reversed().compactMap { batches[$0] }.filter { $0.kind == "anthropic" }.map {
            anthropicObject($0, baseURL: "")
        }
        return JSONValue.object(["data": .array(data), "has_more": false]).canonicalJSON
    }

    private func listGemini() -> String {
        let operations = order.reversed().compactMap { batches[$0] }.filter { $0.kind == "gemini" }.map(geminiObject)
        return JSONValue.object(["operations": .array(operations)]).canonicalJSON
    }
}
