/// JUnit XML, for CI systems that show test results: a test suite per prompt and model,
/// a test case per row and evaluator. A case fails when the evaluator passed on the base
/// and fails on the candidate (a regression); an evaluation that could not be made is an
/// error; the candidate's other failures are listed in the case's output.
public struct JUnitReport {
    public let report: ComparisonReport

    public init(_ report: ComparisonReport) {
        self.report = report
    }

    public func render() -> String {
        var suites: [String] = []
        var total = (tests: 0, failures: 0, errors: 0)
        for subject in report.subjects {
            for model in subject.comparison.models {
                let suite = self.suite(subject, model)
                total.tests += suite.tests
                total.failures += suite.failures
                total.errors += suite.errors
                suites.append(suite.xml)
            }
        }
        if report.verdict != .regressed, !report.undecided.isEmpty {
            // Missing evidence fails the suite as errors, as the gate's exit 1 does.
            total.tests += report.undecided.count
            total.errors += report.undecided.count
            let cases = report.undecided.enumerated().map { index, reason in
                "    <testcase classname=\"promptexp.gate\" name=\"not decided \(index + 1)\"><error message=\"\(Self.escape(reason))\"/></testcase>"
            }
            suites.append(
                "  <testsuite name=\"not decided\" tests=\"\(cases.count)\" failures=\"0\" errors=\"\(cases.count)\">\n"
                    + cases.joined(separator: "\n") + "\n  </testsuite>")
        }
        for entry in report.unchecked {
            total.tests += 1
            suites.append(
                """
                  <testsuite name="\(Self.escape(entry.prompt))" tests="1" failures="0" errors="0" skipped="1">
                    <testcase classname="\(Self.escape(entry.prompt))" name="unchecked"><skipped message="\(Self.escape(entry.reason))"/></testcase>
                  </testsuite>
                """)
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="\(Self.escape(report.title))" tests="\(total.tests)" failures="\(total.failures)" errors="\(total.errors)">
            \(suites.joined(separator: "\n"))
            </testsuites>

            """
    }

    private func suite(_ subject: ComparisonSubject, _ model: ScoreComparison.ModelComparison)
        -> (xml: String, tests: Int, failures: Int, errors: Int)
    {
        struct Side {
            var base: ResultRecord?
            var candidate: ResultRecord?
        }
        var rows: [String: Side] = [:]
        var order: [String] = []
        for record in subject.records where record.repeatIndex == 0 {
            let isBase = record.variant == "base" && record.model == model.baseModel
            let isCandidate = record.variant == "candidate" && record.model == model.candidateModel
            guard isBase || isCandidate else { continue }
            if rows[record.rowID] == nil { order.append(record.rowID) }
            if isBase {
                rows[record.rowID, default: Side()].base = record
            } else {
                rows[record.rowID, default: Side()].candidate = record
            }
        }
        var cases: [String] = []
        var failures = 0
        var errors = 0
        let suiteName = "\(subject.prompt) [\(model.model)]"
        for id in order {
            guard let side = rows[id], let candidate = side.candidate else { continue }
            let before = side.base?.evaluations ?? [:]
            for (name, evaluation) in candidate.evaluations.sorted(by: { $0.key < $1.key }) {
                let attributes =
                    "classname=\"\(Self.escape(subject.prompt)).\(Self.escape(name))\" name=\"\(Self.escape(id)) [\(Self.escape(model.model))]\""
                if let error = evaluation.error {
                    errors += 1
                    cases.append("    <testcase \(attributes)><error message=\"\(Self.escape(error))\"/></testcase>")
                } else if !evaluation.passed, let base = side.base, before[name]?.passed == true {
                    failures += 1
                    let message = "regressed: passed on the base, fails on the candidate: \(evaluation.reason)"
                    cases.append(
                        "    <testcase \(attributes)><failure message=\"\(Self.escape(message))\">\(Self.escape("base:\n\(MarkdownReport.shown(base))\n\ncandidate:\n\(MarkdownReport.shown(candidate))"))</failure></testcase>"
                    )
                } else if !evaluation.passed {
                    cases.append(
                        "    <testcase \(attributes)><system-out>\(Self.escape("fails on the base and the candidate: \(evaluation.reason)"))</system-out></testcase>"
                    )
                } else {
                    cases.append("    <testcase \(attributes)/>")
                }
            }
        }
        let xml = """
              <testsuite name="\(Self.escape(suiteName))" tests="\(cases.count)" failures="\(failures)" errors="\(errors)">
                <properties><property name="verdict" value="\(model.verdict.key)"/><property name="mean_difference" value="\(NumberText.signed(model.meanDifference))"/></properties>
            \(cases.joined(separator: "\n"))
              </testsuite>
            """
        return (xml, cases.count, failures, errors)
    }

    /// Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
