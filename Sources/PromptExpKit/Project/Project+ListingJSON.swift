import Foundation

extension Project {
    /// A prompt's versions on this branch as `prompt log --json` and the web view show
    /// them, newest first, each with the experiment run committed with that very content.
    public func promptLogJSON(_ id: String) throws -> JSONValue {
        let versions = try history(of: id)
        let runs = try runSummaries(for: versions)
        return .array(
            versions.map { version in
                var object = version.json.objectValue ?? [:]
                // The deployed version alone is `production`; older ones that carried the tag were.
                object["shown_tags"] = .array(version.shownTags(among: versions).map(JSONValue.string))
                if let run = runs[version.commit.id] {
                    object["run"] = [
                        "experiment": .string(run.experiment), "pairs": .int(run.pairs),
                        "changed_outputs": .int(run.changedOutputs), "errors": .int(run.errors),
                        "cost": .double(run.cost),
                    ]
                }
                return .object(object)
            })
    }

    /// The experiments (`exp/*` branches), newest first, each with its last committed run,
    /// as `exp list --json` and the web view show them.
    public func experimentListJSON() throws -> JSONValue {
        try .array(
            experiments().map { experiment in
                let summary = try repository.fileData(
                    at: ProjectLayout.experimentSummary(experiment.spec.name), in: experiment.tip.id
                ).flatMap(CommittedRunSummary.init(data:))
                return [
                    "last_run": summary.map { run in
                        [
                            "pairs": .int(run.pairs), "changed_outputs": .int(run.changedOutputs),
                            "errors": .int(run.errors),
                            "cost": .double(run.cost), "verdict": run.verdict.map(JSONValue.string) ?? .null,
                        ]
                    } ?? .null,
                    "name": .string(experiment.spec.name),
                    "branch": .string(Self.experimentBranchPrefix + experiment.spec.name),
                    "prompt": .string(experiment.spec.prompt),
                    "base": [
                        "ref": .string(experiment.spec.base.ref),
                        "commit": .string(experiment.spec.base.commit.hex),
                        "blob": .string(experiment.spec.base.blob.hex),
                    ],
                    "dataset": .string(experiment.spec.dataset.path),
                    "models": .array(experiment.spec.models.map(JSONValue.string)),
                    "tip": experiment.tip.json,
                ]
            })
    }
}
