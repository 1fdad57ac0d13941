import ArgumentParser
import Foundation
import PromptExpKit

/// A report's formats on the command line.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, junit, json, html, csv
}

/// Writes a report in one format to a file (whole or not at all) or to stdout. CSV streams
/// every row from the results files, a chunk at a time, never one string in memory.
enum ReportOutput {
    static func write(_ report: ComparisonReport, as format: ReportFormat, to url: URL?, console: Console) throws {
        let text: String
        switch format {
        case .csv:
            try writeCSV(report, to: url, console: console)
            return
        case .text:
            text = CheckTextReport(report: report, console: url == nil ? console : Console(colors: false)).render()
        case .markdown: text = MarkdownReport(report).render()
        case .junit: text = JUnitReport(report).render()
        case .json: text = report.json.prettyJSON + "\n"
        case .html: text = HTMLReport(report).render()
        }
        if let url {
            try AtomicFile.write(Data(text.utf8), to: url.path)
        } else {
            console.write(text, to: .standardOutput)
        }
    }

    private static func writeCSV(_ report: ComparisonReport, to url: URL?, console: Console) throws {
        let csv = CSVReport(report)
        if let url {
            try csv.write(to: url)
            return
        }
        var chunk = ""
        try csv.write { line in
            chunk += line + "\n"
            if chunk.utf8.count >= 1 << 16 {
                console.write(chunk, to: .standardOutput)
                chunk = ""
            }
        }
        console.write(chunk, to: .standardOutput)
    }
}
