import Foundation
import HTTPTypes
import Hummingbird

/// What keeps the local view local: a request must name an allowed host (so a page on
/// another site cannot reach it through DNS rebinding), a cross-origin request is
/// refused, and every request but the page itself carries the per-process token printed
/// with the URL.
///
/// The token is required on every path other than exactly `/`, not on paths that look
/// like the API: the router normalises `//api/x`, `/./api/x` and percent-encoded forms to
/// routes after this check has looked at the raw path, so a prefix test here can be
/// walked around.
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
        if let origin = request.headers[.origin], !Self.isSameOrigin(origin, authority: host) {
            return ViewResponse.error(.forbidden, "requests from other origins are refused")
        }
        if !Self.isPage(request) {
            let header = request.headers.first { $0.name.canonicalName == Self.tokenHeader }?.value
            let given = header ?? request.uri.queryParameters["token"].map(String.init)
            guard given == token else {
                return ViewResponse.error(.unauthorized, "open the URL promptexp view printed: it carries the token")
            }
        }
        return try await next(request, context)
    }

    /// The page itself: `GET /` and nothing else, so no other spelling of a route is open.
    static func isPage(_ request: Request) -> Bool {
        (request.method == .get || request.method == .head) && request.uri.path == "/"
    }

    /// Whether `origin` is this server as the request reached it: scheme `http`, the same
    /// host and the same port. A page served by another local port is another origin.
    static func isSameOrigin(_ origin: String, authority: String) -> Bool {
        let lowered = origin.lowercased()
        guard lowered.hasPrefix("http://") else { return false }
        return normalisedAuthority(Self.authority(lowered)) == normalisedAuthority(authority.lowercased())
    }

    /// `host:port` with the port made explicit (80 when absent, as for `http`).
    private static func normalisedAuthority(_ authority: String) -> String {
        let host = hostName(authority)
        let rest = authority.hasPrefix("[") ? authority.drop { $0 != "]" }.dropFirst() : authority.drop { $0 != ":" }
        let port = rest.hasPrefix(":") ? String(rest.dropFirst()) : "80"
        return "\(host):\(port.isEmpty ? "80" : port)"
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
