import Foundation
import PromptExpKit

/// Where `-o` writes: a path ending in .jsonl as given, else a name under datasets/.
enum DatasetOutput {
    static func url(_ text: String, project: Project, workingDirectory: URL) -> URL {
        if text.hasSuffix(".jsonl") {
            return URL(fileURLWithPath: text, relativeTo: workingDirectory).standardizedFileURL
        }
        return project.root.appendingPathComponent("\(ProjectLayout.datasets)/\(text).jsonl")
    }

    static func shown(_ url: URL, _ project: Project) -> String {
        project.displayPath(of: url)
    }
}
