import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PromptExpKit
import PromptExpTestSupport
import Testing

@testable import PromptExpView

/// `promptexp view`: its API in-process (HummingbirdTesting), its guard against other hosts
/// and origins from the built binary over a real socket, and its page in headless Chromium.
@Suite struct ViewServerTests {
    let scratch: ScratchRepository

    /// Experiment `worse` run and committed (its candidate drops the customer's name, so
    /// `mentions-customer` fails on all 30 rows), with `main` checked out.
    init() throws {
        scratch = try ScratchRepository.withWorseExperiment()
        try scratch.git("checkout", "-q", "main")
    }

    func server() -> ViewServer { ViewServer(root: scratch.root, token: "t0ken") }

    /// GETs `uri` with the token; returns the status and the JSON body.
    func get(_ client: any TestClientProtocol, _ uri: String, token: String? = "t0ken", origin: String? = nil)
        async throws -> (HTTPResponse.Status, JSONValue?)
    {
        var headers = HTTPFields()
        if let token, let name = HTTPField.Name("X-Promptexp-Token") { headers[name] = token }
        if let origin { headers[.origin] = origin }
        return try await client.execute(uri: uri, method: .get, headers: headers) { response in
            (response.status, try? JSONValue.parse(Data(String(buffer: response.body).utf8)))
        }
    }

    @Test func theAPIAnswersWithTheTokenOnly() async throws {
        let app = Application(router: server().router())
        try await app.test(.router) { client in
            let (refused, error) = try await get(client, "/api/prompts", token: nil)
            #expect(refused == .unauthorized)
            #expect(error?["error"]?.stringValue?.contains("carries the token") == true)
            #expect(try await get(client, "/api/prompts", token: "wrong").0 == .unauthorized)
            #expect(try await get(client, "/api/prompts?token=t0ken", token: nil).0 == .ok)
            let (foreign, _) = try await get(client, "/api/prompts", origin: "http://evil.example")
            #expect(foreign == .forbidden)

            let (status, prompts) = try await get(client, "/api/prompts")
            #expect(status == .ok)
            let reply = prompts?.arrayValue?.first { $0["id"]?.stringValue == "support/reply" }
            #expect(reply?["tags"]?.arrayValue?.contains(.string("production")) == true)

            // The page needs no token, loads nothing from elsewhere, and shows data as text.
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<title>promptexp</title>"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
        }
    }

    /// Every spelling of an API path the router may normalise needs the token, not only the
    /// ones starting with `/api/`; and an Origin must match scheme, host and port.
    @Test func noSpellingOfAPathGetsPastTheTokenAndOtherPortsAreOtherOrigins() async throws {
        let app = Application(router: server().router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let host = "127.0.0.1:\(port)"
            for path in [
                "//api/prompts", "/./api/prompts", "/%61pi/prompts", "/API/prompts", "/api/prompts/", "//api//prompts",
                "/api/../api/prompts", "/api/prompts?tok=t0ken",
            ] {
                #expect(try RawHTTP.status(port: port, path: path, host: host) == 401, "\(path)")
            }
            #expect(try RawHTTP.status(port: port, path: "//api/experiments", host: host, method: "POST") == 401)
            #expect(try RawHTTP.status(port: port, path: "/api/prompts?token=t0ken", host: host) == 200)
            #expect(try RawHTTP.status(port: port, path: "//api/prompts?token=t0ken", host: host) == 200)
            #expect(try RawHTTP.status(port: port, path: "/", host: host) == 200)

            let other = "http://127.0.0.1:3000"
            #expect(
                try RawHTTP.status(port: port, path: "/api/prompts?token=t0ken", host: host, origin: other) == 403)
            #expect(
                try RawHTTP.status(
                    port: port, path: "/api/prompts?token=t0ken", host: host, origin: "http://localhost:\(port)")
                    == 403)
            #expect(
                try RawHTTP.status(
                    port: port, path: "/api/prompts?token=t0ken", host: host, origin: "https://127.0.0.1:\(port)")
                    == 403)
            #expect(
                try RawHTTP.status(
                    port: port, path: "/api/prompts?token=t0ken", host: host, origin: "http://127.0.0.1:\(port)")
                    == 200)
        }
    }

    @Test func versionsDiffsExperimentsAndReports() async throws {
        try scratch.write(
            "prompts/support/reply.prompt",
            try scratch.read("prompts/support/reply.prompt").replacingOccurrences(of: "120 words", with: "90 words"))
        try scratch.git("commit", "-qam", "shorter")
        let app = Application(router: server().router())
        try await app.test(.router) { client in
            let (_, versions) = try await get(client, "/api/versions?prompt=support/reply")
            #expect(versions?.arrayValue?.map { $0["version"]?.stringValue ?? "" } == ["v2", "v1"])
            #expect(versions?.arrayValue?.last?["tags"]?.arrayValue == [.string("production")])

            let (_, diff) = try await get(client, "/api/diff?prompt=support/reply&old=v1&new=working")
            #expect(diff?["old"]?.stringValue?.hasPrefix("v1 (") == true)
            #expect(diff?["added"] == 1 && diff?["removed"] == 1)
            // The changed line's words are marked, word by word.
            let lines = diff?["hunks"]?.arrayValue?.flatMap { $0["lines"]?.arrayValue ?? [] } ?? []
            let removed = lines.first { $0["kind"] == "removed" }?["words"]?.arrayValue ?? []
            #expect(removed.filter { $0["changed"] == true }.compactMap(\.["text"]?.stringValue) == ["120"])
            let added = lines.first { $0["kind"] == "added" }?["words"]?.arrayValue ?? []
            #expect(added.filter { $0["changed"] == true }.compactMap(\.["text"]?.stringValue) == ["90"])
            let (missing, _) = try await get(client, "/api/diff?prompt=support/reply&old=v1")
            #expect(missing == .badRequest)
            let (unknown, _) = try await get(client, "/api/versions?prompt=nope")
            #expect(unknown == .notFound)

            let (_, experiments) = try await get(client, "/api/experiments")
            let worse = experiments?.arrayValue?.first
            #expect(worse?["name"]?.stringValue == "worse")
            #expect(worse?["last_run"]?["verdict"]?.stringValue == "regressed")

            let (_, report) = try await get(client, "/api/report?experiment=worse")
            #expect(report?["verdict"]?.stringValue == "regressed")
        }
    }

    /// The page's overview: counts, the chart's bins, the branch, what stops a promotion and
    /// the review queue; and the kept comparison follows a config edit and a label.
    @Test func theOverviewCountsAndTheKeptReportFollowsItsInputs() async throws {
        let app = Application(router: server().router())
        try await app.test(.router) { client in
            let (_, overview) = try await get(client, "/api/overview?experiment=worse")
            #expect(overview?["pairs"] == 30 && overview?["changed"] == 30 && overview?["reviewed"] == 0)
            #expect(overview?["histogram"]?["mock/echo"]?.arrayValue?.compactMap(\.intValue).reduce(0, +) == 30)
            #expect(overview?["branch"] == "main" && overview?["experiment_branch"] == "exp/worse")
            #expect(
                overview?["blockers"]?.arrayValue?.contains(
                    "the last run regressed: the rows it is worse on are in the table below") == true)
            #expect(try await get(client, "/api/status").1?["branch"] == "main")

            let (_, before) = try await get(client, "/api/report?experiment=worse")
            #expect(before?["prompts"]?.arrayValue?.first?["comparison"]?["policy"]?["min_effect"] == 0.02)
            let config = try scratch.read(".promptexp/config.yaml")
            try scratch.write(
                ".promptexp/config.yaml", config.replacingOccurrences(of: "min_effect: 0.02", with: "min_effect: 0.05"))
            let (_, after) = try await get(client, "/api/report?experiment=worse")
            #expect(after?["prompts"]?.arrayValue?.first?["comparison"]?["policy"]?["min_effect"] == 0.05)
            try scratch.write(".promptexp/config.yaml", config)

            let label: JSONValue = [
                "row_id": "t001", "model": "mock/echo", "repeat": 0, "variant": "candidate", "good": false,
                "comment": "",
            ]
            _ = try await sendWithToken(client, .post, "/api/labels?experiment=worse", label)
            let (_, labelled) = try await get(client, "/api/overview?experiment=worse")
            #expect(labelled?["reviewed"] == 1 && labelled?["stale_labels"] == 0)
            let (_, report) = try await get(client, "/api/report?experiment=worse")
            #expect(
                report?["prompts"]?.arrayValue?.first?["notes"]?.arrayValue?.contains {
                    $0.stringValue?.hasPrefix("People labelled 1 output") == true
                } == true)
        }
    }

    @Test func aWarmedServerAnswersItsFirstPageFromWhatItMade() async throws {
        let view = server()
        await view.warm()
        #expect(view.caches.pairIndexes.madeCount == 1)
        #expect(view.caches.reports.madeCount == 1)
        let app = Application(router: view.router())
        try await app.test(.router) { client in
            let (_, page) = try await get(client, "/api/rows?experiment=worse&limit=5")
            #expect(page?["total"] == 30 && page?["rows"]?.arrayValue?.count == 5)
            let (_, overview) = try await get(client, "/api/overview?experiment=worse")
            #expect(overview?["pairs"] == 30)
            let (_, report) = try await get(client, "/api/report?experiment=worse")
            #expect(report?["prompts"]?.arrayValue?.first?["comparison"] != nil)
        }
        // Nothing was made again for the page.
        #expect(view.caches.pairIndexes.madeCount == 1)
        #expect(view.caches.reports.madeCount == 1)
    }

    @Test func rowsArePagedAndFilteredByTheServer() async throws {
        let app = Application(router: server().router())
        try await app.test(.router) { client in
            let (_, page) = try await get(client, "/api/rows?experiment=worse&filter=worse,changed&offset=5&limit=5")
            #expect(page?["total"] == 30)
            #expect(page?["rows"]?.arrayValue?.count == 5)
            #expect(page?["rows"]?.arrayValue?.first?["row_id"]?.stringValue == "t006")
            #expect(page?["rows"]?.arrayValue?.first?["inputs"]?["customer"]?.stringValue == "Farid")
            #expect(page?["rows"]?.arrayValue?.first?["candidate"]?["overall"]?["pass"] == false)
            // The changed words, for the page to mark.
            let words = page?["rows"]?.arrayValue?.first?["word_diff"]?.arrayValue ?? []
            #expect(words.contains { $0["kind"] == "removed" && $0["text"]?.stringValue?.contains("Farid") == true })
            #expect(words.contains { $0["kind"] == "added" && $0["text"]?.stringValue?.contains("A") == true })
            let (_, datasets) = try await get(client, "/api/datasets")
            #expect(datasets?.arrayValue?.contains("support/tickets") == true)

            let (_, better) = try await get(client, "/api/rows?experiment=worse&filter=better")
            #expect(better?["total"] == 0)
            let (_, search) = try await get(client, "/api/rows?experiment=worse&q=chlo%C3%A9")
            #expect(search?["total"] == 1)

            for bad in ["filter=bogus", "limit=0", "offset=-1", "limit=x"] {
                #expect(try await get(client, "/api/rows?experiment=worse&\(bad)").0 == .badRequest, "\(bad)")
            }
            let (traversal, message) = try await get(client, "/api/rows?experiment=../worse")
            #expect(traversal == .badRequest)
            #expect(message?["error"]?.stringValue == "not an experiment name: ../worse")
            #expect(try await get(client, "/api/rows?experiment=nope").0 == .notFound)
        }
    }

    @Test func rowsSortByScoreChangeOnTheServer() async throws {
        // Only the VIP rows lose the customer's name: their score falls, the others' stays.
        var rows: [String] = []
        for index in 1...8 {
            let vip = index % 3 == 0
            rows.append(
                #"{"id": "v\#(index)", "customer": "Name\#(index)", "ticket": "Help \#(index)", "vip": \#(vip)}"#)
        }
        try scratch.write("datasets/support/vip.jsonl", rows.joined(separator: "\n") + "\n")
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path,
            try scratch.read(path).replacingOccurrences(
                of: "  tone:", with: "  vip: {type: boolean, default: false}\n  tone:"))
        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "vip rows")
        #expect(
            try scratch.promptexp("exp", "new", "some", "--prompt", "support/reply", "--dataset", "support/vip").status
                == 0)
        try scratch.write(
            path,
            try scratch.read(path).replacingOccurrences(
                of: "{{customer}} wrote:", with: "{{#vip}}A customer{{/vip}}{{^vip}}{{customer}}{{/vip}} wrote:"))
        let run = try scratch.promptexp("exp", "run", "--quiet")
        #expect(run.status == 0, "\(run.standardError)")
        let app = Application(router: server().router())
        try await app.test(.router) { client in
            let (_, worst) = try await get(client, "/api/rows?experiment=some&sort=change")
            let (_, best) = try await get(client, "/api/rows?experiment=some&sort=-change")
            func ids(_ page: JSONValue?) -> [String] {
                (page?["rows"]?.arrayValue ?? []).compactMap { $0["row_id"]?.stringValue }
            }
            // Worst first; ties keep the dataset's order (and best first reverses it).
            #expect(ids(worst) == ["v3", "v6", "v1", "v2", "v4", "v5", "v7", "v8"])
            #expect(ids(best) == ["v1", "v2", "v4", "v5", "v7", "v8", "v3", "v6"])
            let (_, second) = try await get(client, "/api/rows?experiment=some&sort=change&offset=1&limit=2")
            #expect(ids(second) == ["v6", "v1"])
            #expect(try await get(client, "/api/rows?experiment=some&sort=sideways").0 == .badRequest)
        }
    }

    @Test func theBinaryServesLocallyRefusesOtherHostsAndStopsOnCtrlC() throws {
        let view = try RunningView(in: scratch)
        let url = try #require(URLComponents(string: view.url))
        #expect(url.host == "127.0.0.1")
        let port = try #require(url.port)
        let token = try #require(url.queryItems?.first { $0.name == "token" }?.value)

        #expect(try RawHTTP.status(port: port, path: "/api/prompts?token=\(token)", host: "127.0.0.1:\(port)") == 200)
        #expect(try RawHTTP.status(port: port, path: "/api/prompts?token=\(token)", host: "localhost:\(port)") == 200)
        // A page elsewhere that points a name of its own at 127.0.0.1 gets nothing.
        #expect(
            try RawHTTP.status(port: port, path: "/api/prompts?token=\(token)", host: "evil.example:\(port)") == 403)
        #expect(try RawHTTP.status(port: port, path: "/api/prompts", host: "127.0.0.1:\(port)") == 401)

        let stopped = view.stop()
        #expect(!stopped.timedOut)
        #expect(stopped.status == 0, "\(stopped.standardError)")
    }
}

/// One HTTP/1.1 request over a plain socket, with exactly the Host header given.
enum RawHTTP {
    static func status(port: Int, path: String, host: String, method: String = "GET", origin: String? = nil)
        throws -> Int
    {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EIO) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let originLine = origin.map { "Origin: \($0)\r\n" } ?? ""
        let request =
            "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\n\(originLine)Content-Length: 0\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
        var response = [UInt8](repeating: 0, count: 4096)
        var received = 0
        while received < response.count {
            let count = response.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return recv(socket, base + received, buffer.count - received, 0)
            }
            if count <= 0 { break }
            received += count
        }
        let text = String(decoding: response.prefix(received), as: UTF8.self)
        guard let statusCode = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw POSIXError(.EBADMSG)
        }
        return statusCode
    }
}

/// The view's page in a real browser (Debian's chromium, headless), where one is installed.
@Suite(
    .enabled(
        if: browserPresentOrCI(), "needs /usr/bin/chromium (apt-get install chromium)"))
struct ViewPageBrowserTests {
    @Test func thePagesShowPromptsVersionsAndAnExperimentsRows() throws {
        let scratch = try ScratchRepository.withWorseExperiment()
        let view = try RunningView(in: scratch)
        defer { _ = view.stop() }
        let url = view.url
        func page(_ fragment: String) throws -> String {
            let flags = [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--virtual-time-budget=5000",
            ]
            return try ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/chromium"), flags + ["--dump-dom", url + fragment], in: scratch.root,
                timeout: 120
            ).standardOutput
        }
        let experiment = try page("#/experiment/worse")
        #expect(
            experiment.contains(
                "<div class=\"verdict-big regressed\" id=\"verdict-word\">Regressed: the candidate is worse</div>"),
            "\(experiment.prefix(2000))")
        #expect(experiment.contains("<span class=\"muted\" id=\"count\">30 rows, showing 1–30</span>"))
        #expect(experiment.contains("<svg viewBox=\"0 0 420 110\" id=\"change-chart\""))
        // Cost and median latency base → candidate beside the scores (the mock costs nothing).
        #expect(experiment.contains("30 pass → fail, 0 fail → pass · cost $0.0000 → $0.0000 · p50 "))
        #expect(experiment.contains("title=\"mentions-customer: fail 0.00\""))
        // A link with the search and the open row in it shows that row's evaluators' reasons.
        let ana = try page("#/experiment/worse?q=Ana&row=t001%7Cmock%2Fecho%7C0")
        #expect(ana.contains("value=\"Ana\""), "\(ana.prefix(3000))")
        #expect(ana.contains("mentions-customer: fail 0.000 — output does not contain \"Ana\""))
        let prompt = try page("#/prompt/support%2Freply")
        #expect(prompt.contains("<h1>support/reply</h1>"))
        #expect(prompt.contains("<span class=\"tag production\">production</span>"))
        // The candidate on its branch against production: the edited line, both ways.
        #expect(prompt.contains("<td>exp worse: run"))
    }
}

/// The seed flow in a real browser: Tests/browser/view_flow.py drives headless Chromium
/// through selenium (start an experiment, edit, review, run, filter, promote); git then
/// checks what it committed. Needs Debian's chromium and chromium-driver and selenium from
/// PyPI; `.ci/run` installs them.
@Suite(
    .enabled(
        if: browserFlowToolsPresent(),
        "needs /usr/bin/chromium, /usr/bin/chromedriver and python3 with selenium (apt-get install chromium chromium-driver; pip install selenium)"
    ))
struct ViewFlowBrowserTests {
    @Test func startEditReviewRunFilterLabelAndPromoteFromThePage() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        let view = try RunningView(in: scratch)
        defer { _ = view.stop() }
        let url = view.url
        let shots = try TemporaryDirectory(prefix: "promptexp-view-shots")
        let script = PackagePaths.root.appendingPathComponent("Tests/browser/view_flow.py")
        let flow = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/python3"), [script.path, url, shots.url.path],
            environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url).merging(
                ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"], uniquingKeysWith: { $1 }),
            timeout: 300)
        #expect(flow.status == 0, "\(flow.standardOutput)\(flow.standardError.suffix(2000))")
        #expect(flow.standardOutput.contains("every step passed"))
        // The figure the flow measured, printed for whoever reads the test's output.
        for line in flow.standardOutput.split(separator: "\n") where line.hasPrefix("time to first rows painted") {
            print("view flow: \(line)")
        }

        // What the page did is what exp new, exp run and exp promote do.
        let log = try scratch.git("log", "--format=%s", "exp/calmer")
        // Promoted after the rerun the page's banner started; four labels before it (one by
        // mouse, three from the keyboard, all made stale by the rerun but kept).
        #expect(log.hasPrefix("exp calmer: promote support/reply to production\nexp calmer: run — "), "\(log)")
        #expect(log.components(separatedBy: "exp calmer: label candidate of row ").count == 5, "\(log)")
        #expect(
            try scratch.git("show", "exp/calmer:.promptexp/experiments/calmer/labels.jsonl").contains(
                "\"comment\":\"too short\""))
        #expect(
            try scratch.git("show", "exp/calmer:.promptexp/experiments/calmer/experiment.yaml").contains(
                "ref: \"production\""))
        #expect(
            try scratch.git("show", "main:prompts/support/reply.prompt").contains("Answer calmly, in two sentences."))
        #expect(try scratch.git("show", "main:prompts/support/reply.prompt").contains("tags: [production]"))
        #expect(try scratch.git("status", "--porcelain") == "")
    }
}

/// Whether headless Chromium is here; under CI (`CI` set) always true, so a browser suite
/// whose tool is missing fails there instead of being skipped.
func browserPresentOrCI() -> Bool {
    ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } == true
        || FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
}

/// Whether the browser flow test can run here: Debian's chromium and chromedriver, and
/// selenium in Debian's `/usr/bin/python3`, the interpreter `.ci/run` provisions (the first
/// `python3` on PATH may be another one without it). Under CI (`CI` set) the suite is never
/// skipped: a missing tool then fails it, so a browser test cannot hide.
func browserFlowToolsPresent() -> Bool {
    if ProcessInfo.processInfo.environment["CI"].map({ !$0.isEmpty }) == true { return true }
    let manager = FileManager.default
    guard manager.isExecutableFile(atPath: "/usr/bin/chromium"),
        manager.isExecutableFile(atPath: "/usr/bin/chromedriver")
    else { return false }
    let probe = try? ProcessRunner.run(
        URL(fileURLWithPath: "/usr/bin/python3"), ["-c", "import selenium"], timeout: 30)
    return probe?.status == 0
}

/// The view's actions in-process: each makes what the command line makes, and refuses
/// what the command line refuses, with the reason.
@Suite struct ViewActionTests {
    let scratch: ScratchRepository

    init() throws {
        scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
    }

    func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: JSONValue? = nil
    ) async throws -> (HTTPResponse.Status, JSONValue?) {
        var headers = HTTPFields()
        if let name = HTTPField.Name("X-Promptexp-Token") { headers[name] = "t0ken" }
        return try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0.canonicalJSON) }
        ) { response in
            (response.status, try? JSONValue.parse(Data(String(buffer: response.body).utf8)))
        }
    }

    @Test func startEditPlanRunAndAGuardedPromote() async throws {
        let app = Application(router: ViewServer(root: scratch.root, token: "t0ken").router())
        try await app.test(.router) { client in
            // A dirty tree is never moved: refused, naming the file.
            try scratch.write(
                "datasets/support/tickets.jsonl", "{\"id\": \"mine\", \"customer\": \"A\", \"ticket\": \"x\"}\n")
            let start: JSONValue = ["name": "worse", "prompt": "support/reply", "base": "production", "sample": 6]
            let (dirty, why) = try await send(client, .post, "/api/experiments", start)
            #expect(dirty == .conflict)
            #expect(why?["error"]?.stringValue?.contains("datasets/support/tickets.jsonl") == true, "\(why ?? .null)")
            try scratch.git("checkout", "-q", "--", "datasets/support/tickets.jsonl")

            let (created, made) = try await send(client, .post, "/api/experiments", start)
            #expect(created == .created)
            #expect(made?["branch"]?.stringValue == "exp/worse")
            #expect(try scratch.git("rev-parse", "--abbrev-ref", "HEAD") == "exp/worse\n")
            #expect(try await send(client, .post, "/api/experiments", start).0 == .conflict)

            let (_, candidate) = try await send(client, .get, "/api/candidate?experiment=worse")
            #expect(candidate?["editable"] == true)
            let text = try #require(candidate?["candidate"]?.stringValue)
            let (broken, error) = try await send(
                client, .put, "/api/candidate?experiment=worse", ["text": .string("---\ntags: [a\n---\nuser:\nhi\n")])
            #expect(broken == .badRequest)
            #expect(
                error?["error"]?.stringValue?.hasPrefix("prompts/support/reply.prompt:3:1: invalid YAML") == true,
                "\(error ?? .null)")
            #expect(try scratch.read("prompts/support/reply.prompt") == text)
            let worse = text.replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:")
            #expect(try await send(client, .put, "/api/candidate?experiment=worse", ["text": .string(worse)]).0 == .ok)
            #expect(try scratch.read("prompts/support/reply.prompt") == worse)

            let (_, plan) = try await send(client, .get, "/api/plan?experiment=worse")
            #expect(plan?["calls"] == 12)
            #expect(plan?["to_send"] == 12)
            #expect(plan?["diff"]?.arrayValue?.isEmpty == false)

            #expect(try await send(client, .post, "/api/run?experiment=worse").0 == .accepted)
            var state = "running"
            for _ in 0..<3000 where state == "running" {
                state = try await send(client, .get, "/api/run?experiment=worse").1?["state"]?.stringValue ?? ""
                try await Task.sleep(for: .milliseconds(10))
            }
            let (_, status) = try await send(client, .get, "/api/run?experiment=worse")
            #expect(state == "done", "\(status ?? .null)")
            #expect(status?["done"] == 12)
            #expect(status?["message"]?.stringValue?.hasPrefix("regressed; committed ") == true)
            #expect(try scratch.git("log", "-1", "--format=%s").hasPrefix("exp worse: run — regressed"))
            #expect(try scratch.git("status", "--porcelain") == "")

            // A person's labels are committed on the branch, and set against the evaluators.
            let (_, first) = try await send(client, .get, "/api/rows?experiment=worse&limit=1")
            let row = try #require(first?["rows"]?.arrayValue?.first?["row_id"]?.stringValue)
            let bad: JSONValue = [
                "row_id": .string(row), "model": "mock/echo", "variant": "candidate", "good": false,
                "comment": "drops the customer's name",
            ]
            #expect(try await send(client, .post, "/api/labels?experiment=worse", bad).0 == .created)
            let good: JSONValue = ["row_id": .string(row), "model": "mock/echo", "variant": "base", "good": true]
            #expect(try await send(client, .post, "/api/labels?experiment=worse", good).0 == .created)
            #expect(
                try scratch.git("log", "-1", "--format=%s") == "exp worse: label base of row \(row) (mock/echo) good\n")
            #expect(
                try scratch.git("show", "HEAD:.promptexp/experiments/worse/labels.jsonl").split(separator: "\n").count
                    == 2)
            let (_, labelled) = try await send(client, .get, "/api/labels?experiment=worse")
            let agreement = labelled?["agreement"]?.arrayValue?.first { $0["evaluator"] == "mentions-customer" }
            #expect(agreement?["agreed"] == 2 && agreement?["outputs"] == 2)
            #expect(agreement?["kappa"] == 1.0)
            let unknown: JSONValue = ["row_id": "t999", "model": "mock/echo", "variant": "candidate", "good": true]
            #expect(try await send(client, .post, "/api/labels?experiment=worse", unknown).0 == .badRequest)
            // The report counts them, and report.md was written again with the label.
            let committed = try scratch.git("show", "HEAD:.promptexp/experiments/worse/report.md")
            #expect(
                committed.contains(
                    "> People labelled 2 outputs: 1 good, 1 bad. mentions-customer agrees with them on 2 of 2 (κ 1.00)."
                ),
                "\(committed.prefix(1500))")
            #expect(try scratch.promptexp("report", "worse").standardOutput == committed)
            let show = try scratch.promptexp("exp", "show", "--row", row, "--no-pager")
            #expect(show.standardOutput.contains("  label:     candidate bad — drops the customer's name"))
            #expect(try scratch.git("status", "--porcelain") == "")

            // A second run, and the two compared from the page.
            let signed = worse + "Sign as Sam.\n"
            #expect(try await send(client, .put, "/api/candidate?experiment=worse", ["text": .string(signed)]).0 == .ok)
            #expect(try await send(client, .post, "/api/run?experiment=worse").0 == .accepted)
            for _ in 0..<3000 {
                let now = try await send(client, .get, "/api/run?experiment=worse").1?["state"]?.stringValue
                if now != "running" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            let (_, runs) = try await send(client, .get, "/api/runs?experiment=worse")
            let commits = runs?.arrayValue?.compactMap { $0["commit"]?.stringValue } ?? []
            #expect(commits.count == 2)
            if commits.count == 2 {
                let (_, compared) = try await send(
                    client, .get, "/api/results-diff?experiment=worse&old=\(commits[1])&new=\(commits[0])")
                #expect(compared?["changed"]?.arrayValue?.count == 6)
                #expect(compared?["changed"]?.arrayValue?.allSatisfy { $0["variant"] == "candidate" } == true)
            }
            // The candidate's label was of the answer the first run gave: now stale.
            let again = try scratch.promptexp("exp", "show", "--row", row, "--no-pager")
            #expect(again.standardOutput.contains("  label:     candidate bad (stale: the output changed since)"))
            #expect(again.standardOutput.contains("  label:     base good\n"))

            // The same gate as exp promote: a regression is refused with its reasons.
            let (refused, reasons) = try await send(client, .post, "/api/promote?experiment=worse")
            #expect(refused == .conflict)
            #expect(reasons?["error"]?.stringValue?.contains("the last run regressed") == true)
            #expect(try scratch.git("log", "-1", "--format=%s", "main") == "examples\n")

            // Another experiment's candidate is edited only where it is checked out.
            try scratch.git("checkout", "-q", "main")
            #expect(try await send(client, .get, "/api/plan?experiment=worse").0 == .conflict)
            #expect(try await send(client, .get, "/api/candidate?experiment=worse").1?["editable"] == false)
        }
    }
}

/// Cohen's kappa discounts the agreement chance alone would give.
@Suite struct LabelAgreementTests {
    @Test func agreementAndKappa() {
        let judged: [(human: Bool, evaluator: Bool)] = [(true, true), (true, false), (false, false), (false, false)]
        var labels: [HumanLabel] = []
        var records: [ResultRecord] = []
        for (index, pair) in judged.enumerated() {
            labels.append(HumanLabel(rowID: "r\(index)", model: "m", variant: "candidate", good: pair.human))
            var record = ResultRecord(
                rowID: "r\(index)", variant: "candidate", model: "m", repeatIndex: 0,
                promptBlob: Repository.hashBlob(Data("p".utf8)), requestHash: "h\(index)", output: "o",
                finishReason: "stop",
                usage: nil, cost: nil, latencyMilliseconds: 1, error: nil)
            record.scores = ["judge": Evaluation.check(pair.evaluator, "").json]
            records.append(record)
        }
        let agreement = LabelAgreement.compute(labels: labels, records: records)
        #expect(agreement.count == 1)
        #expect(agreement.first?.agreed == 3 && agreement.first?.outputs == 4)
        // Observed 0.75; chance 0.5 × 0.25 + 0.5 × 0.75 = 0.5; κ = (0.75 − 0.5) / (1 − 0.5).
        #expect(abs((agreement.first?.kappa ?? 0) - 0.5) < 1e-9)
    }
}

/// The built binary's `promptexp view` running in a scratch repository, with the URL it
/// printed; Ctrl-C stops it.
final class RunningView {
    let process: RunningProcess
    let url: String

    init(in scratch: ScratchRepository) throws {
        let started = try RunningProcess(
            PackagePaths.binary, ["view"], in: scratch.root,
            environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url))
        #expect(RunningProcess.waitUntil { started.standardOutputSoFar.contains("?token=") })
        let line = started.standardOutputSoFar.split(separator: "\n").first ?? ""
        process = started
        url = String(line.dropFirst("promptexp view: ".count))
    }

    func stop() -> ProcessResult {
        kill(process.pid, SIGINT)
        return process.wait(timeout: 20)
    }
}

/// Cancel in the view is Ctrl-C in the command line: the calls in flight finish, what
/// finished is kept, nothing is committed, and the next run resumes without paying again.
@Suite struct ViewCancelTests {
    @Test func cancelKeepsFinishedCallsAndTheNextRunResumes() async throws {
        try await withFakeServer { server, _ in
            let scratch = try viewRunRepository(server, rows: 6)
            // Two answers, then every request waits at the server until released.
            server.script([.answer, .answer], then: .held)
            let app = Application(router: ViewServer(root: scratch.root, token: "t0ken").router())
            try await app.test(.router) { client in
                func send(_ method: HTTPRequest.Method, _ uri: String, _ body: JSONValue? = nil) async throws
                    -> JSONValue?
                { try await sendWithToken(client, method, uri, body) }
                let start: JSONValue = ["name": "e", "prompt": "math", "dataset": "sums", "models": ["fake-model"]]
                #expect(try await send(.post, "/api/experiments", start)?["branch"] == "exp/e")
                try scratch.write("prompts/math.prompt", "---\n---\nuser:\nAnswer: {{question}}\n")
                _ = try await send(.post, "/api/run?experiment=e")
                #expect(await RunningProcess.waitUntilAsync { server.heldCount == 1 })
                #expect(try await send(.post, "/api/cancel?experiment=e")?["cancelled"] == true)
                server.script([], then: .answer)
                server.releaseHeld()
                var status: JSONValue?
                for _ in 0..<3000 {
                    status = try await send(.get, "/api/run?experiment=e")
                    if status?["state"] != "running" { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(status?["state"] == "failed")
                #expect(
                    status?["message"]?.stringValue
                        == "interrupted: finished calls are kept; run the same command again to resume")
                #expect(status?["done"] == 3)
            }
            // Nothing committed; the command line resumes and pays only for the rest.
            #expect(try scratch.git("log", "-1", "--format=%s").hasPrefix("exp e: start from math"))
            let resumed = try scratch.promptexp("exp", "run", "--quiet")
            #expect(resumed.status == 0, "\(resumed.standardError)")
            #expect(resumed.standardError.contains("resuming: 3 finished calls"))
            #expect(server.requestCount == 12)
        }
    }
}

/// A branch switched in the terminal while the view runs an experiment: the run commits
/// nothing (never `main`'s file as the candidate), leaves no results file on `main`, and
/// its answers are kept for the rerun on the experiment's branch.
@Suite struct ViewRunCheckoutMovedTests {
    @Test func aSwitchDuringARunCommitsNothingAndLosesNoAnswer() async throws {
        try await withFakeServer { server, _ in
            let scratch = try viewRunRepository(server, rows: 3)
            server.script([.answer], then: .held)
            let app = Application(router: ViewServer(root: scratch.root, token: "t0ken").router())
            try await app.test(.router) { client in
                func send(_ method: HTTPRequest.Method, _ uri: String, _ body: JSONValue? = nil) async throws
                    -> JSONValue?
                { try await sendWithToken(client, method, uri, body) }
                let start: JSONValue = ["name": "k", "prompt": "math", "dataset": "sums", "models": ["fake-model"]]
                #expect(try await send(.post, "/api/experiments", start)?["branch"] == "exp/k")
                try scratch.write(
                    "prompts/math.prompt", "---\ntests: {models: [fake-model]}\n---\nuser:\nAnswer: {{question}}\n")
                try scratch.git("commit", "-qam", "candidate")
                _ = try await send(.post, "/api/run?experiment=k")
                try #require(await RunningProcess.waitUntilAsync { server.heldCount == 1 })
                // The user switches to main in the terminal while the run is going.
                try scratch.git("checkout", "-q", "main")
                server.script([], then: .answer)
                server.releaseHeld()
                var status: JSONValue?
                for _ in 0..<3000 {
                    status = try await send(.get, "/api/run?experiment=k")
                    if status?["state"] != "running" { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(status?["state"] == "failed")
                #expect(status?["message"]?.stringValue?.contains("branch 'main' was checked out") == true)
            }
            #expect(server.requestCount == 6)
            // Nothing on exp/k beyond the candidate, main's file untouched, nothing left on main.
            #expect(try scratch.git("log", "-1", "--format=%s", "exp/k") == "candidate\n")
            #expect(try scratch.git("status", "--porcelain", "--untracked-files=all") == "")
            try scratch.git("checkout", "-q", "exp/k")
            let rerun = try scratch.promptexp("exp", "run", "--quiet")
            #expect(rerun.status == 0, "\(rerun.standardError)")
            #expect(server.requestCount == 6)
            let candidate = try scratch.git("show", "exp/k:prompts/math.prompt")
            #expect(candidate.contains("Answer: {{question}}"))
            #expect(
                try scratch.git("show", "HEAD:.promptexp/experiments/k/results.jsonl").split(separator: "\n").count == 6
            )
        }
    }
}

/// A repository whose `math` prompt runs on the fake server one call at a time, as the
/// view's run tests use it, with `rows` rows.
func viewRunRepository(_ server: FakeProviderServer, rows count: Int) throws -> ScratchRepository {
    let scratch = try ScratchRepository()
    let rows = (1...count).map { #"{"id": "q\#($0)", "question": "what is \#($0) + \#($0)?"}"# }
    try scratch.commit(
        [
            "prompts/math.prompt": "---\ntags: [production]\n---\nuser:\n{{question}}\n",
            "datasets/sums.jsonl": rows.joined(separator: "\n") + "\n",
            ".gitignore": ".promptexp/cache/\n",
            ".promptexp/config.yaml": """
            providers:
              fake: {kind: openai, base_url: "\(server.baseURL)/v1"}
            models:
              fake-model: {provider: fake}
            defaults:
              concurrency: 1

            """,
        ], message: "math")
    return scratch
}

/// Sends a request to the view with its token; the JSON answer, if any.
func sendWithToken(
    _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: JSONValue? = nil
) async throws -> JSONValue? {
    var headers = HTTPFields()
    if let name = HTTPField.Name("X-Promptexp-Token") { headers[name] = "t0ken" }
    return try await client.execute(
        uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0.canonicalJSON) }
    ) { try? JSONValue.parse(Data(String(buffer: $0.body).utf8)) }
}
