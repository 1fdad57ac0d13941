import Foundation
import PromptExpKit

/// Writes a report as CSV to a file (staged, renamed into place) or, a chunk at a time,
/// to stdout.
enum CSVOutput {
    static func write(_ report: ComparisonReport, to url: URL?, console: Console) throws {
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
