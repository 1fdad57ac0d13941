import Foundation
import PromptExpKit

/// GitHub's issue-comment endpoints, as the fake server answers them for the action's
/// comment step: list (paged, two a page, with a `Link` header), create and update.
public final class FakeGitHubComments: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = NSLock()
    private var comments: [(id: Int, issue: Int, body: String)] = []
    private var nextID = 100
    /// The Authorization headers received.
    public private(set) var authorizations: [String] = []

    init() {}

    /// Adds a comment as someone else would have.
    public func add(issue: Int, body: String) {
        lock.withLock {
            nextID += 1
            comments.append((nextID, issue, body))
        }
    }

    /// The comments on `issue`, oldest first.
    public func bodies(issue: Int) -> [String] {
        lock.withLock { comments.filter { $0.issue == issue }.map(\.body) }
    }

    /// Answers a comments endpoint (status, body, extra headers), or nil when `uri` is not one.
    func respond(method: String, uri: String, body: String, authorization: String?, baseURL: String)
        -> (Int, String, [(String, String)])?
    {
        let parts = uri.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? uri
        let query = parts.count > 1 ? String(parts[1]) : ""
        let segments = path.split(separator: "/").map(String.init)
        guard segments.first == "repos", segments.count >= 5 else { return nil }
        return lock.withLock {
            if let authorization { authorizations.append(authorization) }
            // /repos/O/R/issues/N/comments
            if segments.count == 6, segments[3] == "issues", segments[5] == "comments", let issue = Int(segments[4]) {
                if method == "POST" {
                    guard let text = (try? JSONValue.parse(Data(body.utf8)))?["body"]?.stringValue else {
                        return (422, #"{"message": "body is missing"}"#, [])
                    }
                    nextID += 1
                    comments.append((nextID, issue, text))
                    return (201, Self.json(nextID, text), [])
                }
                let page = Int(query.split(separator: "&").first { $0.hasPrefix("page=") }?.dropFirst(5) ?? "1") ?? 1
                let all = comments.filter { $0.issue == issue }
                let slice = all.dropFirst((page - 1) * 2).prefix(2)
                var headers: [(String, String)] = []
                if all.count > page * 2 {
                    headers.append(("link", "<\(baseURL)\(path)?per_page=2&page=\(page + 1)>; rel=\"next\""))
                }
                return (200, "[" + slice.map { Self.json($0.id, $0.body) }.joined(separator: ",") + "]", headers)
            }
            // /repos/O/R/issues/comments/ID
            if segments.count == 6, segments[3] == "issues", segments[4] == "comments", let id = Int(segments[5]),
                method == "PATCH", let index = comments.firstIndex(where: { $0.id == id }),
                let text = (try? JSONValue.parse(Data(body.utf8)))?["body"]?.stringValue
            {
                comments[index].body = text
                return (200, Self.json(id, text), [])
            }
            return (404, #"{"message": "Not Found"}"#, [])
        }
    }

    private static func json(_ id: Int, _ body: String) -> String {
        JSONValue.object(["id": .int(id), "body": .string(body)]).canonicalJSON
    }
}
