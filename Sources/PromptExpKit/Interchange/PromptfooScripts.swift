/// The helper programs a promptfoo import writes beside the config: they run promptfoo's
/// `python` and `javascript` asserts as promptexp `command` evaluators. Each reads
/// promptexp's evaluator request on stdin, gives the code promptfoo's `output` and
/// `context` (`context.vars` are the row's inputs), and answers `{"score", "pass",
/// "reason"}` from what the code returns: a boolean, a number (a score), or promptfoo's
/// `{pass, score, reason}`. The code comes from a file (`--code-file`), from a row input
/// (`--field expect.python`, for checks that differ per test case), or from a module of
/// the user's (`--module file.py:function`, promptfoo's `file://` form, default `get_assert`).
enum PromptfooScripts {
    static let folder = ".promptexp/evaluators/promptfoo"
    static let pythonPath = "\(folder)/assert.py"
    static let javascriptPath = "\(folder)/assert.js"

    static let python = #"""
        #!/usr/bin/env python3
        # Runs a promptfoo `python` assert as a promptexp command evaluator (written by `promptexp import promptfoo`).
        import importlib.util, json, re, sys

        def lookup(inputs, path):
            value = inputs
            for key in path.split("."):
                value = value.get(key) if isinstance(value, dict) else None
            return value

        def main():
            request = json.load(sys.stdin)
            inputs = request["row"]["inputs"]
            output = request.get("output") or ""
            context = {"vars": inputs, "test": {"vars": inputs}, "prompt": None}
            mode, source = sys.argv[1], sys.argv[2]
            if mode == "--module":
                path, _, name = source.partition(":")
                spec = importlib.util.spec_from_file_location("promptfoo_assert", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                result = getattr(module, name or "get_assert")(output, context)
            else:
                code = open(source).read() if mode == "--code-file" else lookup(inputs, source)
                code = code.strip()
                scope = {"output": output, "context": context, "json": json, "re": re}
                if "\n" not in code and not code.startswith("return "):
                    result = eval(code, scope)
                else:
                    body = "\n".join("    " + line for line in code.splitlines())
                    exec("def __check(output, context):\n" + body, scope)
                    result = scope["__check"](output, context)
            if isinstance(result, bool):
                answer = {"score": 1.0 if result else 0.0, "pass": result, "reason": "returned %s" % result}
            elif isinstance(result, (int, float)):
                answer = {"score": max(0.0, min(1.0, float(result))), "reason": "returned %s" % result}
            elif isinstance(result, dict):
                passed = bool(result.get("pass", result.get("pass_", False)))
                answer = {"score": float(result.get("score", 1.0 if passed else 0.0)), "pass": passed,
                          "reason": str(result.get("reason", ""))}
            else:
                answer = {"score": 0.0, "pass": False, "reason": "the assert returned %r" % (result,)}
            json.dump(answer, sys.stdout)

        main()

        """#

    static let javascript = #"""
        #!/usr/bin/env node
        // Runs a promptfoo `javascript` assert as a promptexp command evaluator (written by `promptexp import promptfoo`).
        const fs = require("fs");
        const path = require("path");

        const request = JSON.parse(fs.readFileSync(0, "utf8"));
        const inputs = request.row.inputs;
        const output = request.output || "";
        const context = { vars: inputs, test: { vars: inputs }, prompt: null };
        const [mode, source] = process.argv.slice(2);

        function lookup(value, dotted) {
          for (const key of dotted.split(".")) value = value && typeof value === "object" ? value[key] : undefined;
          return value;
        }

        Promise.resolve()
          .then(() => {
            if (mode === "--module") {
              const [file, name] = source.split(":");
              const module = require(path.resolve(file));
              const check = name ? module[name] : typeof module === "function" ? module : module.default || module.getAssert;
              return check(output, context);
            }
            const code = (mode === "--code-file" ? fs.readFileSync(source, "utf8") : lookup(inputs, source)).trim();
            const body = code.includes("\n") || code.startsWith("return ") ? code : "return (" + code + ");";
            return new Function("output", "context", body)(output, context);
          })
          .then((result) => {
            let answer;
            if (typeof result === "boolean") answer = { score: result ? 1 : 0, pass: result, reason: "returned " + result };
            else if (typeof result === "number") answer = { score: Math.max(0, Math.min(1, result)), reason: "returned " + result };
            else if (result && typeof result === "object") {
              const passed = Boolean(result.pass);
              answer = { score: result.score ?? (passed ? 1 : 0), pass: passed, reason: String(result.reason ?? "") };
            } else answer = { score: 0, pass: false, reason: "the assert returned " + JSON.stringify(result) };
            process.stdout.write(JSON.stringify(answer));
          });

        """#
}
