import Foundation

/// `command`: any program judges the output. It gets one JSON object on stdin —
/// `{"row": {"id", "inputs", "expected", "metadata"}, "output", "expected", "variant", "model"}` —
/// and answers `{"score": 0…1, "pass": bool, "reason": "…"}` on stdout (`pass` defaults to
/// score ≥ threshold). It runs in the repository root, at most `parallelism` at once, and
/// is killed after `timeout_seconds`. A crash, a non-zero exit, a timeout or a malformed
/// answer is an evaluation error for that row, and the run goes on.
public struct CommandEvaluator: Evaluator {
    public let common: EvaluatorCommon
    /// Run through `/bin/sh -c` when given as one string; as an argument list otherwise.
    let arguments: [String]
    /// The command line as written, when it was given as one.
    var shellLine: String? { arguments.count == 3 && arguments[0] == "/bin/sh" ? arguments[2] : nil }
    let timeout: Double
    let directory: URL
    let gate: ConcurrencyGate

    public var name: String { common.name }
    public var weight: Double { common.weight }

    init(_ settings: inout EvaluatorSettings, root: URL) throws(EvaluatorError) {
        common = try settings.common(defaultThreshold: 0.5)
        switch settings.value("command") {
        case .string(let line)?:
            arguments = ["/bin/sh", "-c", line]
        case .array(let items)? where !items.isEmpty && items.allSatisfy({ $0.stringValue != nil }):
            arguments = items.compactMap(\.stringValue)
        default:
            throw settings.fail("command must be a command line or a list of arguments")
        }
        timeout = try settings.nonNegative("timeout_seconds") ?? 30
        guard timeout > 0 else { throw settings.fail("timeout_seconds must be positive") }
        let parallelism = try settings.nonNegative("parallelism") ?? 4
        guard parallelism >= 1 else { throw settings.fail("parallelism must be at least 1") }
        gate = ConcurrencyGate(limit: Int(parallelism))
        directory = root
    }

    public func evaluate(_ input: EvaluationInput) async -> Evaluation {
        let request: JSONValue = [
            "row": [
                "id": .string(input.row.id), "inputs": .object(input.row.inputs),
                "expected": input.row.expected ?? .null,
                "metadata": .object(input.row.metadata),
            ],
            "output": input.record.output.map(JSONValue.string) ?? .null,
            "expected": input.row.expected ?? .null,
            "variant": .string(input.record.variant),
            "model": .string(input.record.model),
        ]
        await gate.enter()
        let result = await ChildProcess.run(
            arguments, input: Data((request.canonicalJSON + "\n").utf8), directory: directory, timeout: timeout)
        await gate.leave()
        return interpret(result)
    }

    func interpret(_ result: Result<ChildProcess.Finished, ChildProcess.Failure>) -> Evaluation {
        let program = shellLine ?? arguments.joined(separator: " ")
        let finished: ChildProcess.Finished
        switch result {
        case .failure(let failure): return .failure("command '\(program)' \(failure.message)")
        case .success(let value): finished = value
        }
        if finished.timedOut { return .failure("command '\(program)' timed out after \(Self.seconds(timeout))") }
        let said = finished.standardError.trimmingCharacters(in: .whitespacesAndNewlines).suffix(200)
        if finished.status == 127, shellLine == nil || said.contains("not found") {
            return .failure("command '\(program)' could not start: \(said.isEmpty ? "not found" : String(said))")
        }
        guard finished.status == 0 else {
            let how = finished.signal.map { "was killed by signal \($0)" } ?? "exited \(finished.status)"
            return .failure("command '\(program)' \(how)\(said.isEmpty ? "" : ": \(said)")")
        }
        let answer: JSONValue
        do {
            answer = try JSONValue.parse(
                Data(finished.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
        } catch {
            return .failure(
                "command '\(program)' did not answer JSON (\(error.description)): \(finished.standardOutput.prefix(120))"
            )
        }
        guard let score = answer["score"]?.doubleValue else {
            return .failure(
                "command '\(program)' answered without a numeric score: \(answer.canonicalJSON.prefix(120))")
        }
        guard (0...1).contains(score) else {
            return .failure("command '\(program)' answered score \(score), outside 0…1")
        }
        var passed = score >= common.threshold
        if let given = answer["pass"] {
            guard case .bool(let flag) = given else {
                return .failure("command '\(program)' answered a pass that is not true or false")
            }
            passed = flag
        }
        return Evaluation(score: score, passed: passed, reason: answer["reason"]?.stringValue ?? "")
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}

/// At most `limit` callers inside at once; the others wait in order.
actor ConcurrencyGate {
    private let limit: Int
    private var inside = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    func enter() async {
        if inside < limit {
            inside += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            inside -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
