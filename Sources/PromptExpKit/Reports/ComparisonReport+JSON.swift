extension ScoreComparison.ModelComparison: JSONRepresentable {
    public var json: JSONValue {
        func rowJSON(_ change: ScoreComparison.RowChange) -> JSONValue {
            [
                "row_id": .string(change.rowID), "base_score": .double(Self.round(change.baseScore)),
                "candidate_score": .double(Self.round(change.candidateScore)), "base_pass": .bool(change.basePassed),
                "candidate_pass": .bool(change.candidatePassed),
                "newly_failing": .array(change.newlyFailing.map(JSONValue.string)),
                "newly_passing": .array(change.newlyPassing.map(JSONValue.string)),
            ]
        }
        var object: [String: JSONValue] = [
            "base_model": .string(baseModel), "candidate_model": .string(candidateModel),
            "verdict": .string(verdict.key), "pairs": .int(pairs),
            "mean_difference": .double(Self.round(meanDifference)),
            "interval": [.double(Self.round(interval.lowerBound)), .double(Self.round(interval.upperBound))],
            "pass_to_fail": .int(passToFail), "fail_to_pass": .int(failToPass),
            "mcnemar_p": .double(Self.round(pValue)),
            "base": base.json, "candidate": candidate.json,
            "regressed_rows": .array(regressions.map(rowJSON)), "improved_rows": .array(improvements.map(rowJSON)),
            "regressed_count": .int(regressedRows), "improved_count": .int(improvedRows),
        ]
        if let sequential {
            object["sequential"] = [
                "decision": sequential.decision.map { .string($0.rawValue) } ?? .null,
                "decided_after": sequential.decidedAfter.map(JSONValue.int) ?? .null,
                "rows": .int(sequential.rows),
            ]
        }
        return .object(object)
    }

    /// Four decimals, so the same scores give the same file.
    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

extension VariantScores: JSONRepresentable {
    public var json: JSONValue {
        let round = ScoreComparison.ModelComparison.round
        return [
            "variant": .string(variant), "model": .string(model), "rows": .int(rows),
            "scored_calls": .int(scoredRecords),
            "mean_score": .double(round(meanScore)),
            "interval": [.double(round(interval.lowerBound)), .double(round(interval.upperBound))],
            "pass_rate": .double(round(passRate)), "all_repeats_pass_rate": .double(round(allRepeatsPassRate)),
            "pass_k_of_n": .object(passKOfN.mapValues(JSONValue.int)), "evaluation_errors": .int(evaluationErrors),
            "evaluators": .object(
                evaluators.mapValues {
                    ["pass_rate": .double(round($0.passRate)), "mean_score": .double(round($0.meanScore))]
                }),
        ]
    }
}

extension ScoreComparison: JSONRepresentable {
    public var json: JSONValue {
        [
            "verdict": .string(verdict.key), "evaluators": .array(evaluatorNames.map(JSONValue.string)),
            "policy": [
                "min_effect": .double(policy.minEffect), "confidence": .double(policy.confidence),
                "resamples": .int(policy.resamples), "seed": .int(Int(clamping: policy.seed)),
                "sequential_seed": policy.sequentialOrder.map { .int(Int(truncatingIfNeeded: $0)) } ?? .null,
            ],
            "models": .array(models.map(\.json)),
        ]
    }
}

extension ComparisonReport: JSONRepresentable {
    public var json: JSONValue {
        [
            "title": .string(title), "verdict": .string(gateKey),
            "undecided": .array(undecided.map(JSONValue.string)),
            "prompts": .array(
                subjects.map { subject in
                    let changes = subject.outputChanges
                    let summary = subject.summary
                    var object: [String: JSONValue] = [
                        "prompt": .string(subject.prompt), "base": .string(subject.baseLabel),
                        "candidate": .string(subject.candidateLabel),
                        "dataset": .string(subject.dataset), "pairs": .int(changes.pairs),
                        "changed_outputs": .int(changes.changed),
                        "cost": .double(ResultRecord.rounded(summary.totalCost)), "errors": .int(summary.totalErrors),
                        // Per variant and model: what the page's summary strip shows beside the scores.
                        "calls": .array(
                            summary.groups.map { group in
                                [
                                    "variant": .string(group.variant), "model": .string(group.model),
                                    "calls": .int(group.calls), "errors": .int(group.errors),
                                    "cost": .double(ResultRecord.rounded(group.cost)),
                                    "latency_p50_ms": group.latencyP50.map(JSONValue.int) ?? .null,
                                    "latency_p95_ms": group.latencyP95.map(JSONValue.int) ?? .null,
                                ]
                            }),
                        "notes": .array(subject.notes.map(JSONValue.string)),
                        "comparison": subject.comparison.json,
                        "row_inputs": .object(subject.rowInputs.mapValues(JSONValue.object)),
                        "image_inputs": .array(subject.imageInputs.map(JSONValue.string)),
                    ]
                    if let diff = subject.promptDiff { object["prompt_diff"] = diff.json }
                    if !subject.fileDiffs.isEmpty {
                        object["file_diffs"] = .object(subject.fileDiffs.mapValues(\.json))
                    }
                    return .object(object)
                }),
            "unchecked": .array(unchecked.map { ["prompt": .string($0.prompt), "reason": .string($0.reason)] }),
            "source": source.map(JSONValue.string) ?? .null,
        ]
    }
}
