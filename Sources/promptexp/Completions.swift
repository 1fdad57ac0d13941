import ArgumentParser
import Foundation
import PromptExpKit

/// What the shells complete by asking the binary (`completion: .custom`): the prompt ids,
/// dataset names, experiments and models of the repository the command line is in (or
/// the one `-C` names). Never prints, never fails: outside a repository, nothing.
enum Completions {
    static let prompts = CompletionKind.custom { words, _, prefix in
        candidates(words, prefix) { $0.workingPromptIDs() }
    }

    static let datasets = CompletionKind.custom { words, _, prefix in
        candidates(words, prefix) { $0.datasetNames() }
    }

    static let experiments = CompletionKind.custom { words, _, prefix in
        candidates(words, prefix) { (try? $0.experimentNames()) ?? [] }
    }

    /// Configured model names, then `provider/model` for the price table's models of the
    /// providers configured.
    static let models = CompletionKind.custom { words, _, prefix in
        candidates(words, prefix) { project in
            let config = project.config
            let providers = Set(config.providers.keys)
            let known = PriceTable.prices.keys.filter { providers.contains(String($0.prefix { $0 != "/" })) }
            return config.models.keys.sorted() + known.sorted()
        }
    }

    private static func candidates(_ words: [String], _ prefix: String, _ list: (Project) -> [String]) -> [String] {
        var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        if let flag = words.lastIndex(of: "-C"), flag + 1 < words.count {
            folder = URL(fileURLWithPath: words[flag + 1], isDirectory: true, relativeTo: folder)
        }
        guard let project = try? Project.open(at: folder) else { return [] }
        return list(project).filter { $0.hasPrefix(prefix) }
    }
}
