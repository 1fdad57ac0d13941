// Checks that PromptExpKit's folders form layers: a file may use the types of its own
// folder and of the folders below it, never of one above. Run by scripts/test (and so in
// CI) as `swift scripts/check-layers.swift`; prints each violation and exits 1.
//
// It also holds the command line (Sources/promptexp) and the web view
// (Sources/PromptExpView) to being thin: they start runs only through the library's
// pipeline types (which go through the one RunSequence) and ask `Project`, never its
// repository.
//
// A type belongs to the folder of the file that declares it at the top level; a file
// uses a type when its name appears outside comments and string literals. That is a
// reading of the text, not of the compiler's symbols, which is enough to keep the arrows
// pointing one way.
import Foundation

/// Lowest first. A new folder must be placed here (and in the README's layout section).
let layers = [
    "Support", "Git", "Config", "Prompts", "Datasets", "Interchange", "Providers", "Results", "Runner", "Batches",
    "Verdicts",
    "Evaluators", "Reports", "Experiments", "Project", "Pipeline", "Check",
]

let root = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "Sources/PromptExpKit")
let files = (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
    .filter { $0.pathExtension == "swift" }
    .sorted { $0.path < $1.path }
guard !files.isEmpty else {
    print("check-layers: no Swift files under \(root.path)")
    exit(1)
}

/// The path as the reader typed it: relative to the current folder.
func shown(_ file: URL) -> String {
    let here = FileManager.default.currentDirectoryPath + "/"
    return file.path.hasPrefix(here) ? String(file.path.dropFirst(here.count)) : file.path
}

func folder(of file: URL) -> String {
    String(file.path.dropFirst(root.path.count + 1).split(separator: "/").first ?? "")
}

/// A pattern of this script; a bad one is this script's bug, reported and fatal.
func regex(_ pattern: String, options: NSRegularExpression.Options = []) -> NSRegularExpression {
    do {
        return try NSRegularExpression(pattern: pattern, options: options)
    } catch {
        print("check-layers: bad pattern \(pattern): \(error)")
        exit(2)
    }
}

func matches(_ pattern: String, in text: String, options: NSRegularExpression.Options = []) -> [String] {
    regex(pattern, options: options).matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
        match in
        let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
        return Range(range, in: text).map { String(text[$0]) }
    }
}

/// The text with comments and string literals blanked, so their words use nothing.
func code(_ text: String) -> String {
    var out = text
    for pattern in [#""""[\s\S]*?""""#, #""(?:\\.|[^"\\\n])*""#, #"//[^\n]*"#, #"/\*[\s\S]*?\*/"#] {
        out = regex(pattern).stringByReplacingMatches(
            in: out, range: NSRange(out.startIndex..., in: out), withTemplate: "\"\"")
    }
    return out
}

var owner: [String: String] = [:]
var sources: [(file: URL, folder: String, code: String)] = []
var problems: [String] = []
for file in files {
    let text = try String(contentsOf: file, encoding: .utf8)
    let area = folder(of: file)
    guard layers.contains(area) else {
        problems.append("\(shown(file)): folder \(area) is not in the layering: add it to scripts/check-layers.swift")
        continue
    }
    let declarations =
        #"^(?:public |internal |private |fileprivate |final |indirect )*(?:struct|class|enum|protocol|actor|typealias) +([A-Z][A-Za-z0-9_]*)"#
    for name in matches(declarations, in: text, options: .anchorsMatchLines) where owner[name] == nil {
        owner[name] = area
    }
    sources.append((file, area, code(text)))
}

for source in sources {
    guard let level = layers.firstIndex(of: source.folder) else { continue }
    var seen = Set<String>()
    for name in matches(#"\b[A-Z][A-Za-z0-9_]*\b"#, in: source.code) where seen.insert(name).inserted {
        guard let area = owner[name], let other = layers.firstIndex(of: area), other > level else { continue }
        problems.append("\(shown(source.file)): uses \(name) from \(area), a layer above \(source.folder)")
    }
}

/// What the command line and the view must not do themselves, with what to do instead.
let thinRules: [(pattern: String, instead: String)] = [
    (#"\.repository\b"#, "reaches into the repository: ask Project (Project+Questions.swift)"),
    (#"\bRunner\s*\("#, "makes a Runner: start runs through a pipeline type (PromptRun, ExperimentRun, CheckRun)"),
    (#"\.(awaitBatches|advanceBatches)\("#, "drives batches itself: the RunSequence collects them"),
    (#"\.merge\(\s*parts:"#, "merges parts itself: RunMode.merge goes through the RunSequence"),
    (#"\bonEvent\s*:"#, "takes a run's events by callback: implement a RunObserver"),
]
var thinFiles = 0
for folder in ["Sources/promptexp", "Sources/PromptExpView"] {
    let base = URL(fileURLWithPath: folder)
    let found = (FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
        .filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    thinFiles += found.count
    for file in found {
        let text = code(try String(contentsOf: file, encoding: .utf8))
        for rule in thinRules where !matches(rule.pattern, in: text).isEmpty {
            problems.append("\(shown(file)): \(rule.instead)")
        }
    }
}

if problems.isEmpty {
    print("check-layers: \(files.count) files, \(layers.joined(separator: " → ")): no arrow points up")
    print("check-layers: \(thinFiles) files of the command line and the view: every run through the pipeline")
} else {
    for problem in problems { print(problem) }
    print(
        "check-layers: \(problems.count) problem\(problems.count == 1 ? "" : "s") (layers, lowest first: \(layers.joined(separator: " → ")))"
    )
    exit(1)
}
