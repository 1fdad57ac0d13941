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
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body.canonicalJSON))
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        do {
            let response = try await client.execute(request, deadline: deadline)
            let bytes = try await response.body.collect(upTo: maxResponseBytes)
            return Response(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Data(bytes.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .timeout(seconds: timeout)
        } catch let error as NIOTooManyBytesError {
            throw .malformedResponse("the answer is larger than \(maxResponseBytes) bytes (\(error))")
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
