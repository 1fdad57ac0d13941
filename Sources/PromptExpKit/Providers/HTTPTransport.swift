public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends JSON over one shared `HTTPClient`, with a deadline and a size cap on every answer.
///
/// Secrets travel only in headers. Error messages are built from the status and the
/// body's error text, never from request headers, so a key cannot leak into a result.
public struct HTTPTransport: Sendable {
    public let client: HTTPClient
    public let timeout: Double
    /// Answers larger than this are refused rather than held in memory.
    public let maxResponseBytes: Int

    public init(client: HTTPClient, timeout: Double, maxResponseBytes: Int = 16 << 20) {
        self.client = client
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// The HTTP client promptexp's calls go through: connections per host sized for
    /// `concurrency` (AsyncHTTPClient keeps 8 otherwise, which would quietly cap it), and a
    /// failed connection reported at once instead of retried until the deadline, so the
    /// runner's own retry decides (a refused connection once cost 10 s per attempt).
    public static func makeClient(concurrency: Int = 8) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, concurrency))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public struct Response: Sendable {
        public let status: Int
        public let headers: [(String, String)]
        public let body: Data

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// POSTs `body` as JSON and returns the answer, whatever its status.
    public func postJSON(url: String, headers: [(String, String)], body: JSONValue) async throws(ProviderError)
        -> Response
    {
        try await send(
            method: "POST", url: url, headers: headers, body: Data(body.canonicalJSON.utf8),
            contentType: "application/json")
    }

    /// Sends one request and returns the answer, whatever its status. `body` nil sends
    /// none (a GET). `deadline` in seconds overrides the transport's (an upload of a
    /// large batch file takes longer than one model call).
    public func send(
        method: String, url: String, headers: [(String, String)], body: Data?, contentType: String? = nil,
        timeout seconds: Double? = nil, maxBytes: Int? = nil
    ) async throws(ProviderError) -> Response {
        let limit = maxBytes ?? maxResponseBytes
        let seconds = seconds ?? timeout
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let contentType { request.headers.add(name: "content-type", value: contentType) }
        request.headers.add(name: "accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let deadline = NIODeadline.now() + .milliseconds(Int64(seconds * 1000))
        do {
            let response = try await client.execute(request, deadline: deadline)
            let bytes = try await response.body.collect(upTo: limit)
            return Response(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Data(bytes.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .timeout(seconds: seconds)
        } catch let error as NIOTooManyBytesError {
            throw .malformedResponse("the answer is larger than \(limit) bytes (\(error))")
        } catch {
            throw Self.isUnreachable(error) ? .unreachable(Self.describe(error)) : .transport(Self.describe(error))
        }
    }

    /// GETs `url` and streams a 2xx body into the file at `destination` (a batch's results
    /// can be hundreds of megabytes: they never sit in memory whole). Any other status is
    /// returned with its body, for the caller's error.
    public func download(url: String, headers: [(String, String)], to destination: URL, timeout seconds: Double)
        async throws(ProviderError) -> Response
    {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let deadline = NIODeadline.now() + .milliseconds(Int64(seconds * 1000))
        do {
            let response = try await client.execute(request, deadline: deadline)
            let status = Int(response.status.code)
            let responseHeaders = response.headers.map { ($0.name, $0.value) }
            guard (200..<300).contains(status) else {
                let bytes = try await response.body.collect(upTo: maxResponseBytes)
                return Response(status: status, headers: responseHeaders, body: Data(bytes.readableBytesView))
            }
            // A file that could not be made is reported by the handle's open below.
            _ = FileManager.default.createFile(atPath: destination.path, contents: nil)
            let handle = try FileHandle(forWritingTo: destination)
            defer { try? handle.close() }
            for try await chunk in response.body {
                try handle.write(contentsOf: Data(chunk.readableBytesView))
            }
            return Response(status: status, headers: responseHeaders, body: Data())
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .timeout(seconds: seconds)
        } catch {
            throw Self.isUnreachable(error) ? .unreachable(Self.describe(error)) : .transport(Self.describe(error))
        }
    }

    /// True for an error that means no connection was made at all.
    static func isUnreachable(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError, error == .connectTimeout { return false }
        if error is NIOConnectionError { return true }
        if let error = error as? IOError {
            return [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL].contains(error.errnoCode)
        }
        return error is SocketAddressError
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            return "\(error)"
        }
        return String(describing: error)
    }

    /// Reads `Retry-After` as seconds (a number, or an HTTP date relative to now).
    public static func retryAfterSeconds(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// The error text of a failed call: the body's `error.message` (OpenAI, Anthropic,
    /// Gemini all use that shape), else the start of the body.
    public static func errorMessage(from body: Data) -> String {
        if let value = try? JSONValue.parse(body) {
            if let message = value["error"]?["message"]?.stringValue { return message }
            if let message = value["error"]?.stringValue { return message }
            if let message = value["message"]?.stringValue { return message }
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : text
    }

    /// Turns a non-2xx answer into the error the runner understands. (`ProviderEndpoint`
    /// has already blanked any key the server echoed out of the body.)
    public static func failure(for response: Response) -> ProviderError {
        let message = errorMessage(from: response.body)
        return .http(
            status: response.status, message: message, retryAfter: retryAfterSeconds(response.header("retry-after")))
    }
}
