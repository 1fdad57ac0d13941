import ArgumentParser
import PromptExpKit

/// What `exp status` and `exp cancel` take: an experiment, and the batches it has open.
struct OpenBatchesArguments: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Argument(
        help: "The experiment (default: the one of the current exp/ branch).", completion: Completions.experiments)
    var name: String?

    /// The project, the experiment's name and its ledger; nil (having said so, with
    /// `nothing` appended) when no batch is open.
    func open(nothing: String) throws -> (project: Project, name: String, ledger: BatchLedger)? {
        let project = try global.openProject()
        let name = try name ?? project.currentExperimentName()
        let ledger = try project.experimentLedger(name)
        guard !ledger.open.isEmpty else {
            global.console.print("experiment \(name) has no batches open at the providers\(nothing)")
            return nil
        }
        return (project, name, ledger)
    }
}
