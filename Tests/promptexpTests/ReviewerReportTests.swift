import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// What a reviewer reads, from the built binary: the committed `report.md` and `report`
/// agree byte for byte from any branch; every format carries the prompt diff and the
/// rows' inputs; the HTML report sorts and filters; CSV has a line per row and model.
@Suite struct ReviewerReportTests {
    let scratch: ScratchRepository
    let path = "prompts/support/reply.prompt"

    /// Experiment `worse` run and committed: the candidate drops the customer's name, so
    /// `mentions-customer` fails on every row (the mock echoes the user message).
    init() throws {
        scratch = try ScratchRepository.withWorseExperiment()
    }

    @Test func reportIsTheCommittedReportFromAnyBranch() throws {
        let committed = try scratch.git("show", "exp/worse:.promptexp/experiments/worse/report.md")
        #expect(try scratch.promptexp("report").standardOutput == committed)
        try scratch.git("checkout", "-q", "main")
        #expect(try scratch.promptexp("report", "worse").standardOutput == committed)

        // The prompt diff is at the top, before the scores; regressed rows show their inputs.
        let diffAt = try #require(committed.range(of: "Prompt diff base → candidate (+1 −1)")).lowerBound
        let scoresAt = try #require(committed.range(of: "| model | variant | mean score")).lowerBound
        #expect(diffAt < scoresAt)
        #expect(committed.contains("-{{customer}} wrote:\n+A customer wrote:\n"))
        #expect(
            committed.contains(
                "<b>inputs</b> · <code>customer</code> Ana · <code>plan</code> pro · <code>ticket</code> I was charged twice for my March subscription. Can you fix this?"
            ))
        #expect(committed.contains("against candidate `blob "))
    }

    @Test func aBaseFromTheLogIsSaidInTheReportAndReportRepeatsIt() throws {
        try scratch.git("checkout", "-q", "-f", "main")
        var rows: [String] = []
        for (id, name) in [("l1", "Ana"), ("l2", "Ben"), ("l3", "Chloé")] {
            rows.append(
                #"{"id": "\#(id)", "inputs": {"customer": "\#(name)", "ticket": "Where is my parcel, the one with a, comma?"}, "output": "Hello \#(name), billing will review it."}"#
            )
        }
        try scratch.write("datasets/support/logged.jsonl", rows.joined(separator: "\n") + "\n")
        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "logged traffic")
        let new = try scratch.promptexp(
            "exp", "new", "vs-prod", "--prompt", "support/reply", "--dataset", "support/logged", "--base-from-log")
        #expect(new.status == 0, "\(new.standardError)")
        try scratch.write(
            path,
            try scratch.read(path).replacingOccurrences(of: "Answer in under 120 words.", with: "Answer in one line."))
        #expect(try scratch.promptexp("exp", "run", "--quiet").status == 0)
        let committed = try scratch.git("show", "exp/vs-prod:.promptexp/experiments/vs-prod/report.md")
        #expect(
            committed.contains(
                "> The base's answers are production's, from the request log (the dataset's `output`), not new calls."))
        try scratch.git("checkout", "-q", "main")
        #expect(try scratch.promptexp("report", "vs-prod").standardOutput == committed)

        // CSV: one line per row and model, inputs a column each, fields with commas quoted.
        let csv = try scratch.promptexp("report", "vs-prod", "--format", "csv")
        #expect(csv.status == 0)
        let table = CSVTestParser.parse(csv.standardOutput)
        #expect(
            table.first == [
                "prompt", "row_id", "model", "repeat", "input.customer", "input.ticket", "base_output",
                "candidate_output",
                "base_score", "candidate_score", "base_pass", "candidate_pass", "candidate_failing", "changed",
                "base_cost",
                "candidate_cost", "base_latency_ms", "candidate_latency_ms",
            ])
        #expect(table.count == 4)
        #expect(table[1][1] == "l1" && table[1][4] == "Ana")
        #expect(table[1][5] == "Where is my parcel, the one with a, comma?")
        #expect(table[1][6] == "Hello Ana, billing will review it.")
        #expect(csv.standardOutput.contains("\"Where is my parcel, the one with a, comma?\""))
    }

    @Test func htmlAndJSONCarryTheDiffTheInputsAndWhereTheyCameFrom() throws {
        let tip = try scratch.git("rev-parse", "--short=7", "exp/worse").trimmingCharacters(in: .whitespacesAndNewlines)
        try scratch.git("checkout", "-q", "main")
        let html = try scratch.promptexp("report", "worse", "--format", "html", "--out", "worse.html")
        #expect(html.status == 0)
        let page = try scratch.read("worse.html")
        #expect(page.contains("Results from <code>exp/worse at \(tip)</code>"))
        #expect(page.contains("<details class=\"prompt-diff\" open>"))
        #expect(page.contains("<del>-{{customer}} wrote:</del>"))
        #expect(
            page.contains("<dt>ticket</dt><dd>I was charged twice for my March subscription. Can you fix this?</dd>"))
        #expect(
            page.contains("<th class=\"sortable\" data-type=\"number\" data-name=\"delta\" tabindex=\"0\">Δ score</th>")
        )
        // An opened row gives the outputs the room, side by side; the title's Markdown
        // code span is code, not backticks.
        #expect(page.contains("<div class=\"cols cols-2\"><div class=\"col\"><h3>Base</h3>"))
        #expect(page.contains(".cols-2{grid-template-columns:1fr 1fr}"))
        #expect(
            page.contains("<h1>Experiment <code>worse</code></h1>") && page.contains("<title>Experiment worse</title>"))
        // The matrix's chips, as the web view draws them: base passes, the candidate fails.
        #expect(page.contains("<span class=\"chip ok\" title=\"mentions-customer: pass 1.000\">m</span>"))
        #expect(page.contains("<span class=\"chip no\" title=\"mentions-customer: fail 0.000\">m</span>"))
        #expect(page.contains("<option value=\"mentions-customer\">mentions-customer fails (candidate) (30)</option>"))
        #expect(page.contains("<option value=\"mock/echo\">mock/echo (30)</option>"))
        #expect(page.contains("score (rows per bin)"))

        let json = try JSONValue.parse(
            Data(try scratch.promptexp("report", "worse", "--format", "json").standardOutput.utf8))
        #expect(json["source"]?.stringValue == "exp/worse at \(tip)")
        let prompt = try #require(json["prompts"]?.arrayValue?.first)
        #expect(prompt["prompt_diff"]?.arrayValue?.isEmpty == false)
        #expect(prompt["row_inputs"]?["t001"]?["customer"]?.stringValue == "Ana")
    }

    /// The report printed to PDF as `chromium --headless --print-to-pdf` does it: a PDF of
    /// several pages, the filters left out (print CSS), every row's outputs in it.
    @Test(.enabled(if: browserPresentOrCI(), "needs /usr/bin/chromium (apt-get install chromium)"))
    func theHTMLReportPrintsToPDF() throws {
        #expect(try scratch.promptexp("report", "worse", "--format", "html", "--out", "worse.html").status == 0)
        let pdf = scratch.root.appendingPathComponent("worse.pdf")
        let printed = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/chromium"),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
                scratch.root.appendingPathComponent("worse.html").absoluteString,
            ], in: scratch.root, timeout: 120)
        let data = try Data(contentsOf: pdf)
        #expect(data.starts(with: Data("%PDF-".utf8)), "\(printed.standardError.suffix(500))")
        // Chromium writes the page tree uncompressed: `/Type /Pages /Count N`.
        let text = String(decoding: data, as: UTF8.self)
        let count = text.range(of: #"/Type /Pages\s*/Count (\d+)"#, options: .regularExpression).map {
            Int(text[$0].split(separator: " ").last ?? "") ?? 0
        }
        #expect((count ?? 0) >= 2, "\(data.count) bytes")
    }

    @Test func checkWritesCSVAndStillGates() throws {
        try scratch.git("checkout", "-q", "main")
        try scratch.git("checkout", "-q", "-b", "feature")
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:"))
        try scratch.git("commit", "-qam", "drop the name")
        let check = try scratch.promptexp("check", "--quiet", "--format", "csv")
        #expect(check.status == 2, "\(check.standardError)")
        let table = CSVTestParser.parse(check.standardOutput)
        #expect(table.count == 31)
        #expect(table.dropFirst().allSatisfy { $0[0] == "support/reply" })
        let failing = try #require(table.first?.firstIndex(of: "candidate_failing"))
        #expect(table[1][failing] == "mentions-customer")

        let toFile = try scratch.promptexp("check", "--quiet", "--format", "csv", "--out", "check.csv")
        #expect(toFile.status == 2)
        // The mock's answers are not cached, so only their latency may differ between runs.
        func withoutLatency(_ rows: [[String]]) -> [[String]] { rows.map { Array($0.dropLast(2)) } }
        #expect(withoutLatency(CSVTestParser.parse(try scratch.read("check.csv"))) == withoutLatency(table))
        #expect(toFile.standardOutput.contains("regressed"))
    }
}

/// A small RFC 4180 reader for the tests: quoted fields, doubled quotes, line breaks inside quotes.
enum CSVTestParser {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { rows.append(row + [field]) }
        return rows
    }
}
