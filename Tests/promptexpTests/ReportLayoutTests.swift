import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PromptExpKit
import PromptExpTestSupport
import Testing

@testable import PromptExpView

/// The HTML report laid out as the web view's experiment page: the change at a glance,
/// then a matrix of rows, each opening onto its outputs side by side, with production's
/// logged answer as a third column when the dataset carries it (the page shows it too).
@Suite struct ReportLayoutTests {
    let scratch: ScratchRepository

    init() throws {
        scratch = try ScratchRepository.withWorseExperiment(loggedAnswers: true)
    }

    /// A matrix line of the report and its opened row: up to the next line.
    static func line(in page: String, from start: String.Index) -> Substring {
        let after = page.index(start, offsetBy: 10)
        let end = page.range(of: "<tr class=\"row ", range: after..<page.endIndex)?.lowerBound ?? page.endIndex
        return page[start..<end]
    }

    @Test func theReportOpensOnTheChangeAndEachRowOntoItsAnswers() throws {
        let written = try scratch.promptexp("report", "worse", "--format", "html", "--out", "worse.html")
        #expect(written.status == 0, "\(written.standardError)")
        let page = try scratch.read("worse.html")
        // The strip: the verdict in words, the model's pass rate and score, the chart.
        #expect(page.contains("<div class=\"verdict-big regressed\">Regressed: the candidate is worse</div>"))
        #expect(
            page.contains(
                "<strong>mock/echo</strong> pass 100.0% → <strong class=\"fail\">0.0%</strong> · score 1.000 [1.000–1.000] → 0.667"
            ))
        #expect(page.contains("<figure class=\"chart\"><svg viewBox=\"0 0 420 110\""))
        #expect(page.contains("<title>30 rows changed by -0.3</title>"))
        // A line per row: changed, the inputs in brief, chips, the change; then its detail.
        let line = try #require(
            page.range(
                of:
                    "<tr class=\"row worse\" tabindex=\"0\" aria-expanded=\"false\" data-id=\"t002\" data-kinds=\"[&quot;worse&quot;]\" data-models=\"[&quot;mock/echo&quot;]\""
            ))
        let row = Self.line(in: page, from: line.lowerBound)
        #expect(row.contains("<span class=\"dot\" title=\"output changed\">●</span> <code>t002</code>"))
        #expect(row.contains("<td class=\"preview\">customer: Ben · ticket: Since the last update"))
        #expect(row.contains("<span class=\"fail\">−0.33</span>"))
        let detail = try #require(row.range(of: "<tr class=\"detail\">"))
        let opened = row[detail.lowerBound...]
        #expect(opened.contains("<div class=\"cols cols-3\"><div class=\"col\"><h3>Production (logged)</h3>"))
        #expect(opened.contains("<pre class=\"out\">Logged answer for Ben</pre>"))
        #expect(opened.contains("<h3>Base</h3><pre class=\"out\">[echo "))
        #expect(opened.contains("<del>Ben</del>"))
        #expect(opened.contains("<li class=\"fail\">mentions-customer: fail"))
        #expect(opened.contains("<dt>customer</dt><dd>Ben</dd>"))
        // The figures come after the rows; sorting by the change has a name for the link.
        #expect(
            try #require(page.range(of: "table class=\"pairs\"")).lowerBound
                < page.range(of: "class=\"figures\"")!.lowerBound)
        #expect(page.contains("data-name=\"delta\" tabindex=\"0\">Δ score</th>"))
    }

    /// The page's rows carry the same logged answer, and the overview says there is one.
    @Test func theViewsRowsCarryProductionsLoggedAnswer() async throws {
        let app = Application(router: ViewServer(root: scratch.root, token: "t0ken").router())
        try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Promptexp-Token")!] = "t0ken"
            func get(_ uri: String) async throws -> JSONValue? {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    try? JSONValue.parse(Data(String(buffer: response.body).utf8))
                }
            }
            let page = try await get("/api/rows?experiment=worse&limit=2")
            #expect(page?["rows"]?.arrayValue?.last?["logged_output"] == "Logged answer for Ben")
            #expect(try await get("/api/overview?experiment=worse")?["logged_outputs"] == true)
        }
    }
}

/// An experiment over two models: a line per row in the report and on the page, with one
/// cell per model (base chips → candidate chips, the change), and the row opened shows
/// both models' answers.
@Suite struct SeveralModelsLayoutTests {
    let scratch: ScratchRepository

    init() throws {
        scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        let made = try scratch.promptexp(
            "exp", "new", "two", "--prompt", "support/reply", "--model", "mock/echo", "--model", "mock/other")
        #expect(made.status == 0, "\(made.standardError)")
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:"))
        #expect(try scratch.promptexp("exp", "run", "--quiet").status == 0)
    }

    @Test func theReportHasALinePerRowAndACellPerModel() throws {
        #expect(try scratch.promptexp("report", "two", "--format", "html", "--out", "two.html").status == 0)
        let page = try scratch.read("two.html")
        #expect(page.contains("<th>inputs</th><th>mock/echo</th><th>mock/other</th><th class=\"sortable\""))
        #expect(page.components(separatedBy: "<tr class=\"row ").count - 1 == 30)
        #expect(page.contains("<option value=\"\">all kinds (30)</option><option value=\"worse\">worse (30)</option>"))
        let start = try #require(page.range(of: "data-id=\"t002\""))
        let line = ReportLayoutTests.line(in: page, from: start.lowerBound)
        #expect(line.components(separatedBy: "</span> → <span class=\"chips\">").count - 1 == 2)
        #expect(line.contains("data-models=\"[&quot;mock/echo&quot;,&quot;mock/other&quot;]\""))
        #expect(line.contains("<h4>Row <code>t002</code> · mock/echo · changed</h4>"))
        #expect(line.contains("<h4>Row <code>t002</code> · mock/other · changed</h4>"))
        #expect(line.components(separatedBy: "<h3>Inputs</h3>").count - 1 == 1)
    }

    @Test(.enabled(if: browserPresentOrCI(), "needs /usr/bin/chromium (apt-get install chromium)"))
    func thePageHasALinePerRowAndACellPerModel() throws {
        let view = try RunningView(in: scratch)
        defer { _ = view.stop() }
        let dom = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/chromium"),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--virtual-time-budget=5000", "--dump-dom", view.url + "#/experiment/two",
            ], in: scratch.root, timeout: 120
        ).standardOutput
        #expect(dom.contains("<th>row</th><th>inputs</th><th>mock/echo</th><th>mock/other</th>"), "\(dom.prefix(2000))")
        #expect(dom.components(separatedBy: "<tr class=\"mline\">").count - 1 == 25)
        #expect(dom.components(separatedBy: "<td class=\"cell").count - 1 == 50)
    }
}

/// The report in a real browser: Tests/browser/report_layout.py reads it as a reviewer
/// would (the strip, the matrix, a row opened from the keyboard, a shared link, sorting),
/// and fails when the output columns are narrower than a third of a 1440 px page.
@Suite(
    .enabled(
        if: browserFlowToolsPresent(),
        "needs /usr/bin/chromium, /usr/bin/chromedriver and python3 with selenium (apt-get install chromium chromium-driver; pip install selenium)"
    ))
struct ReportLayoutBrowserTests {
    @Test func aReviewerOpensRowsFromTheKeyboardAndSharesTheView() throws {
        let scratch = try ScratchRepository.withWorseExperiment(loggedAnswers: true)
        #expect(try scratch.promptexp("report", "worse", "--format", "html", "--out", "worse.html").status == 0)
        let shots = try TemporaryDirectory(prefix: "promptexp-report-shots")
        let script = PackagePaths.root.appendingPathComponent("Tests/browser/report_layout.py")
        let read = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [script.path, scratch.root.appendingPathComponent("worse.html").path, shots.url.path],
            environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url).merging(
                ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"], uniquingKeysWith: { $1 }),
            timeout: 300)
        #expect(read.status == 0, "\(read.standardOutput)\(read.standardError.suffix(2000))")
        #expect(read.standardOutput.contains("every step passed"))
    }
}
