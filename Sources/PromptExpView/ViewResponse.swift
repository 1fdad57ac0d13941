import HTTPTypes
import Hummingbird
import NIOCore
import PromptExpKit

/// The view's responses: JSON, its page, and errors as `{"error": "…"}`.
enum ViewResponse {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.prettyJSON + "\n")))
    }

    static func status(for error: any PromptExpError) -> HTTPResponse.Status {
        if let error = error as? ExperimentError {
            switch error {
            case .unknown, .notRun: return .notFound
            case .exists: return .conflict
            default: return .badRequest
            }
        }
        if let error = error as? PromptError {
            switch error {
            case .unknownPrompt, .unknownVersion: return .notFound
            default: return .badRequest
            }
        }
        if let error = error as? GitError {
            switch error {
            case .unknownRevision, .unknownBranch: return .notFound
            case .dirtyWorkingTree, .operationInProgress: return .conflict
            default: return .badRequest
            }
        }
        if let error = error as? ProjectFileError, case .missing = error { return .notFound }
        return error is ProcessLock.HeldError ? .conflict : .badRequest
    }

    /// An image of the repository, as its own type; never run as anything else (`nosniff`).
    static func image(_ image: ImagePart) -> Response {
        var headers: HTTPFields = [.contentType: image.mediaType, .cacheControl: "no-store"]
        if let name = HTTPField.Name("X-Content-Type-Options") { headers[name] = "nosniff" }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: image.data)))
    }

    static func html(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                // The page loads nothing from anywhere else.
                .contentSecurityPolicy:
                    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(["error": .string(message)], status: status)
    }

    /// An error of ours with its one line: 404 for what does not exist, 409 for what the
    /// repository's state refuses (uncommitted changes, a run in progress), else 400;
    /// anything else as a 500.
    static func error(for error: any Error) -> Response {
        if let error = error as? ViewRequestError { return self.error(error.status, error.description) }
        if let error = error as? any PromptExpError { return self.error(status(for: error), error.description) }
        if SystemErrorText.isSystemError(error) {
            return self.error(.internalServerError, SystemErrorText.describe(error))
        }
        return self.error(.internalServerError, "\(error)")
    }
}

/// A request the view cannot answer: a parameter missing or malformed.
struct ViewRequestError: Error, CustomStringConvertible {
    let status: HTTPResponse.Status
    let description: String

    static func badRequest(_ message: String) -> ViewRequestError {
        ViewRequestError(status: .badRequest, description: message)
    }
}
