import Foundation
import HTTPTypes
import Hummingbird

/// What keeps the local view local: a request must name an allowed host (so a page on
/// another site cannot reach it through DNS rebinding), a cross-origin request is
/// refused, and every API request carries the per-process token printed with the URL.
struct RequestGuard<Context: RequestContext>: RouterMiddleware {
    /// Host names the server answers to (`127.0.0.1`, `localhost`, and `--host`).
    let hostNames: Set<String>
    let token: String

    /// The header the page sends the token in.
    static var tokenHeader: String { "x-promptexp-token" }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let host = request.head.authority, hostNames.contains(Self.hostName(host)) else {
            return ViewResponse.error(
                .forbidden, "this server answers only to \(hostNames.sorted().joined(separator: ", "))")
        }
        if let origin = request.headers[.origin], !hostNames.contains(Self.hostName(Self.authority(origin))) {
            return ViewResponse.error(.forbidden, "requests from other origins are refused")
        }
        if request.uri.path.hasPrefix("/api/") {
            let header = request.headers.first { $0.name.canonicalName == Self.tokenHeader }?.value
            let given = header ?? request.uri.queryParameters["token"].map(String.init)
            guard given == token else {
                return ViewResponse.error(.unauthorized, "open the URL promptexp view printed: it carries the token")
            }
        }
        return try await next(request, context)
    }

    /// `localhost` from `localhost:8080`, `::1` from `[::1]:8080`.
    static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<end])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }

    /// `localhost:8080` from `http://localhost:8080`.
    static func authority(_ origin: String) -> String {
        guard let range = origin.range(of: "://") else { return origin }
        return String(origin[range.upperBound...].split(separator: "/", maxSplits: 1).first ?? "")
    }
}
