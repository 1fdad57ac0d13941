import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `promptexp import` on real sample files of each format (Fixtures/interchange, sources in
/// its README), and `prompt export --tag production` loaded by the README's Python loader.
@Suite struct ImportExportTests {
    static let fixtures = PackagePaths.root.appendingPathComponent("Tests/PromptExpKitTests/Fixtures/interchange")

    static func fixture(_ path: String) -> String { fixtures.appendingPathComponent(path).path }

    /// A scratch project with the richer promptfoo sample imported as `helpdesk`.
    static func importedHelpdesk() throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let imported = try scratch.promptexp(
            "import", "promptfoo", fixture("promptfoo-support/promptfooconfig.yaml"), "--name", "helpdesk")
        #expect(imported.status == 0, "\(imported.standardError)")
        return scratch
    }

    @Test func promptfoosGettingStartedBecomesPromptsADatasetAndPerRowChecksThatRun() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let imported = try scratch.promptexp(
            "import", "promptfoo", Self.fixture("promptfoo-getting-started/promptfooconfig.yaml"), "--name", "translate"
        )
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("imported 2 prompts, 2 rows, 2 evaluators"))
        #expect(!imported.standardError.contains("not converted"))
        #expect(
            try scratch.read("prompts/translate/1.prompt").hasSuffix(
                "user:\nConvert this English to {{language}}: {{input}}\n"))
        let config = try scratch.read(".promptexp/config.yaml")
        #expect(
            config.contains(
                """
                  translate-contains:
                    kind: contains
                    value: "{{expect.contains}}"
                    only_if: expect.contains
                """))
        let rows = try DatasetFile(url: scratch.root.appendingPathComponent("datasets/translate.jsonl")).allRows()
        #expect(
            rows.map { $0.inputs["expect"] } == [
                ["contains": "Bonjour le monde"], ["icontains": "Dónde está la biblioteca"],
            ])
        // Runs with the offline model: each check applies to its own row only.
        let run = try scratch.promptexp("run", "translate/1", "--model", "mock/echo")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("translate-contains: pass 50.0%"))
        #expect(
            try scratch.read(".promptexp/runs/translate/1.results.jsonl").contains(
                "not checked: the row has no expect.icontains"))
        // A second import of the same name writes nothing.
        let again = try scratch.promptexp(
            "import", "promptfoo", Self.fixture("promptfoo-getting-started/promptfooconfig.yaml"), "--name", "translate"
        )
        #expect(again.status == 1)
        #expect(again.standardError.contains("prompts/translate/1.prompt exists already; nothing was written"))
    }

    @Test func whatPromptfooConfigsCannotSayIsListedAndTheCodeAssertsRun() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let imported = try scratch.promptexp(
            "import", "promptfoo", Self.fixture("promptfoo-support/promptfooconfig.yaml"), "--name", "helpdesk")
        #expect(imported.status == 0, "\(imported.standardError)")
        let unconverted = imported.standardError.split(separator: "\n").filter { $0.hasPrefix("not converted: ") }
        #expect(unconverted.count == 4, "\(imported.standardError)")
        for expected in [
            "promptfooconfig.yaml:35:1: redteam: not imported", "provider https://support.internal/chat: not a model",
            "assert similar: not imported", "build_prompt.py: a prompt made by code",
        ] {
            #expect(unconverted.contains { $0.contains(expected) }, "\(expected) not listed")
        }
        #expect(try scratch.read("prompts/helpdesk.prompt").contains("{{#order}}Order: {{order}}{{/order}}"))
        let rows = try DatasetFile(url: scratch.root.appendingPathComponent("datasets/helpdesk.jsonl")).allRows()
        #expect(rows.count == 4)
        #expect(rows[0].inputs["expect"]?["contains_any"] == "(?:tracking|track)")
        // The python helper runs the assert as promptexp's command evaluator would.
        let request =
            #"{"row": {"id": "r", "inputs": {"customer": "Ana"}}, "output": "Hello Ana, your parcel is on its way"}"#
        let python = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", ".promptexp/evaluators/promptfoo/assert.py", "--code-file",
                ".promptexp/evaluators/promptfoo/helpdesk-python.py",
            ],
            in: scratch.root, input: request)
        #expect(
            python.standardOutput == #"{"score": 1.0, "pass": true, "reason": "returned True"}"#,
            "\(python.standardError)")
        let config = try scratch.read(".promptexp/config.yaml")
        #expect(
            config.contains(
                "rubric: judges/helpdesk-llm-rubric\n    model: openai/gpt-4o-mini\n    only_if: expect.llm_rubric"))
        #expect(
            try scratch.read("prompts/judges/helpdesk-llm-rubric.prompt").contains(
                "<rubric>\n{{expect.llm_rubric}}\n</rubric>"))
    }

    @Test func malformedInputWritesNothing() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        try scratch.write("other/promptfooconfig.yaml", "prompts:\n  - 'Hi {{name}}'\ntests:\n  - vars: [1\n")
        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "config")
        let result = try scratch.promptexp("import", "promptfoo", "other/promptfooconfig.yaml")
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("error: other/promptfooconfig.yaml:"))
        #expect(try scratch.git("status", "--porcelain") == "")
    }

    @Test func anOpenAIEvalBecomesAPromptADatasetAndItsGraders() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let imported = try scratch.promptexp(
            "import", "openai-evals", Self.fixture("openai-evals/eval.json"), "--run",
            Self.fixture("openai-evals/run.json"),
            "--items", Self.fixture("openai-evals/items.jsonl"), "--name", "privacy")
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("imported 1 prompt, 5 rows, 5 evaluators"))
        #expect(imported.standardError.contains("testing_criteria[6] 'BLEU': text_similarity by bleu is not imported"))
        #expect(
            try scratch.read("prompts/privacy.prompt").contains(
                "model: openai/gpt-4.1\nparams:\n  max_tokens: 10\n  temperature: 0\n"))
        #expect(try scratch.read("prompts/privacy.prompt").hasSuffix("user:\n{{input}}\n"))
        let config = try scratch.read(".promptexp/config.yaml")
        #expect(config.contains("privacy-match-output-to-human-label:\n    kind: equals\n    value: \"{{ideal}}\""))
        #expect(config.contains("scale: choice\n    choices:\n      agrees: 1\n      disagrees: 0"))
        let grader = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", ".promptexp/evaluators/openai-evals/privacy-exact-label.py"], in: scratch.root,
            input: #"{"row": {"inputs": {"ideal": "Low Risk"}}, "output": "Low Risk"}"#)
        #expect(
            grader.standardOutput == #"{"score": 1.0, "reason": "grade() returned 1.0"}"#, "\(grader.standardError)")
        let missingRun = try scratch.promptexp(
            "import", "openai-evals", Self.fixture("openai-evals/eval.json"), "--name", "privacy2")
        #expect(missingRun.status == 1)
        #expect(missingRun.standardError.contains("pass --run RUN.json"))
    }

    /// `prompt export` then `import` of the file gives a prompt that renders the same messages.
    @Test(arguments: [
        ("prompt.yml", "copy.prompt.yml"), ("prompty", "copy.prompty"), ("dotprompt", "copy.prompt"),
        ("json", "copy.json"),
    ])
    func anExportReadsBackAsTheSamePrompt(format: String, file: String) throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let exported = try scratch.promptexp("prompt", "export", "support/reply@v1", "--format", format, "-o", file)
        #expect(exported.status == 0, "\(exported.standardError)")
        let imported = try scratch.promptexp("import", format, file, "--name", "copy")
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(!imported.standardError.contains("not converted"), "\(imported.standardError)")
        if format == "prompt.yml" {
            #expect(
                exported.standardError.contains("the defaults of plan, tone (a .prompt.yml file declares no inputs)"))
        }
        let variables = [
            "--var", "customer=Ana", "--var", "ticket=Where is my parcel?", "--var", "plan=gold", "--var", "tone=calm",
            "--json",
        ]
        let original = try scratch.promptexp(["prompt", "render", "support/reply@v1"] + variables)
        let copy = try scratch.promptexp(["prompt", "render", "copy"] + variables)
        #expect(copy.status == 0, "\(copy.standardError)")
        #expect(copy.standardOutput == original.standardOutput)
    }

    @Test func productionBundleRendersInPythonExactlyAsPromptexpDoes() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let exported = try scratch.promptexp(
            "prompt", "export", "--tag", "production", "--format", "json", "--out", "prompts.json")
        #expect(exported.status == 0, "\(exported.standardError)")
        let bundle = try JSONValue.parse(Data(try scratch.read("prompts.json").utf8))
        let prompts = try #require(bundle["prompts"]?.objectValue)
        // Only the prompts with a version tagged production (extract/invoice has none).
        #expect(prompts.keys.sorted() == ["summarize/article", "support/reply"])
        let head = try scratch.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(prompts["support/reply"]?["commit"] == .string(head))
        #expect(prompts["support/reply"]?["version"] == "v1")
        #expect(prompts["support/reply"]?["params"] == ["temperature": 0.2, "max_tokens": 400])

        let python = "/opt/promptexp-ci/venv/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) || ProcessInfo.processInfo.environment["CI"] != nil
        else { return }
        // The README's loader, as it is written there.
        let readme = try String(contentsOf: PackagePaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        let loader =
            try #require(
                readme.components(separatedBy: "```python\n").dropFirst().first { $0.contains("PROMPTS = json.load") }
            )
            .components(separatedBy: "```").first ?? ""
        try scratch.write(
            "loader.py",
            loader
                + "\nprint(json.dumps(render(\"support/reply\", customer=\"Ana\", ticket=\"Where is {{my}} parcel? <b>now</b>\")))\n"
        )
        let rendered = try ProcessRunner.run(URL(fileURLWithPath: python), ["loader.py"], in: scratch.root)
        #expect(rendered.status == 0, "\(rendered.standardError)")
        let fromPython = try JSONValue.parse(Data(rendered.standardOutput.utf8))
        let fromPromptexp = try scratch.promptexp(
            "prompt", "render", "support/reply@production", "--var", "customer=Ana", "--var",
            "ticket=Where is {{my}} parcel? <b>now</b>",
            "--json")
        #expect(fromPython["messages"] == (try JSONValue.parse(Data(fromPromptexp.standardOutput.utf8))))
        #expect(fromPython["model"] == "mock/echo" && fromPython["temperature"] == 0.2)
    }
}

/// node with Debian's mustache.js and TypeScript (`.ci/run` installs them): under CI they
/// must be there, so the tests that need them fail instead of hiding.
func nodeToolsPresentOrCI() -> Bool {
    ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } == true
        || (FileManager.default.fileExists(atPath: "/usr/share/nodejs/typescript")
            && FileManager.default.fileExists(atPath: "/usr/share/nodejs/mustache"))
}

@Suite struct NodeLoaderTests {
    @Test(.enabled(if: nodeToolsPresentOrCI(), "needs node, node-mustache and node-typescript"))
    func theReadmesTypeScriptLoaderRendersAsPromptexpDoes() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        #expect(
            try scratch.promptexp("prompt", "export", "--tag", "production", "--out", "prompts.json").status == 0)
        let readme = try String(contentsOf: PackagePaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        let loader =
            try #require(readme.components(separatedBy: "```typescript\n").dropFirst().first)
            .components(separatedBy: "```").first ?? ""
        try scratch.write("loader.ts", loader)
        // Transpiled by TypeScript's own compiler (syntax errors fail), then run.
        try scratch.write(
            "main.js",
            """
            const ts = require("typescript");
            const fs = require("fs");
            const out = ts.transpileModule(fs.readFileSync("loader.ts", "utf8"), {
              compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019, esModuleInterop: true },
              reportDiagnostics: true,
            });
            if (out.diagnostics.length) { console.error(out.diagnostics.map((d) => d.messageText)); process.exit(2); }
            fs.writeFileSync("loader.js", out.outputText);
            const { render } = require("./loader.js");
            console.log(JSON.stringify(render("support/reply", { customer: "Ana", ticket: "Where is {{my}} parcel? <b>now</b>" })));
            """)
        let rendered = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["node", "main.js"], in: scratch.root,
            environment: [
                "NODE_PATH": "/usr/share/nodejs", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
            ])
        #expect(rendered.status == 0, "\(rendered.standardError)")
        let fromNode = try JSONValue.parse(Data(rendered.standardOutput.utf8))
        let fromPromptexp = try scratch.promptexp(
            "prompt", "render", "support/reply@production", "--var", "customer=Ana", "--var",
            "ticket=Where is {{my}} parcel? <b>now</b>", "--json")
        #expect(fromNode["messages"] == (try JSONValue.parse(Data(fromPromptexp.standardOutput.utf8))))
        #expect(fromNode["model"] == "mock/echo" && fromNode["max_tokens"] == 400)
    }

    @Test(.enabled(if: nodeToolsPresentOrCI(), "needs node"))
    func promptfoosJavascriptAssertsRunThroughTheHelper() throws {
        let scratch = try ImportExportTests.importedHelpdesk()
        func run(_ output: String) throws -> String {
            let request = JSONValue.object([
                "row": ["id": "r", "inputs": ["expect": ["javascript": "output.includes('refund')"]]],
                "output": .string(output),
            ]).canonicalJSON
            return try ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["node", ".promptexp/evaluators/promptfoo/assert.js", "--field", "expect.javascript"], in: scratch.root,
                input: request
            ).standardOutput
        }
        #expect(try run("Your refund is on its way") == #"{"score":1,"pass":true,"reason":"returned true"}"#)
        #expect(try run("Sorry about that") == #"{"score":0,"pass":false,"reason":"returned false"}"#)
    }
}

/// A promptfoo suite imported and run against the fake server: the per-row judge asks about
/// the one row that carries a rubric, with that rubric; the other checks run beside it.
@Suite struct ImportedSuiteRunTests {
    @Test(.enabled(if: nodeToolsPresentOrCI(), "needs node for the javascript assert"))
    func thePerRowJudgeIsAskedOnlyAboutItsRowWithItsRubric() async throws {
        try await withFakeServer { server, _ in try Self.body(server) }
    }

    static func body(_ server: FakeProviderServer) throws {
        let scratch = try ImportExportTests.importedHelpdesk()
        // The judges' provider is the fake server.
        let config = try scratch.read(".promptexp/config.yaml")
            .replacingOccurrences(of: "https://api.openai.com/v1", with: "\(server.baseURL)/v1")
        try scratch.write(".promptexp/config.yaml", config)
        server.answer { _ in #"{"pass": true, "reason": "apologises and offers the refund"}"# }
        let run = try scratch.promptexp(
            ["run", "helpdesk", "--model", "mock/echo"], extra: ["OPENAI_API_KEY": "sk-test-not-a-key"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(server.requestCount == 1)
        let asked = server.requests.first.flatMap { FakeProviderServer.lastUserText(in: $0) } ?? ""
        #expect(
            asked.contains("<rubric>\nApologises once, offers the refund, and does not blame the courier\n</rubric>"))
        #expect(asked.contains("third time my parcel is late"))
        #expect(run.standardOutput.contains("helpdesk-llm-rubric: pass 100.0%"))
        #expect(run.standardOutput.contains("helpdesk-python: pass 100.0%"))
        let results = try scratch.read(".promptexp/runs/helpdesk.results.jsonl")
        #expect(results.contains("apologises and offers the refund"))
        #expect(results.components(separatedBy: "not checked: the row has no expect.llm_rubric").count == 4)
    }
}
