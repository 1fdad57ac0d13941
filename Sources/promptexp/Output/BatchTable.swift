import Foundation
import PromptExpKit

/// Batches as a table: id, provider, model, calls, submitted, and the provider's word.
enum BatchTable {
    static func render(_ standings: [BatchStanding]) -> String {
        var table = TextTable()
        table.add(["batch", "provider", "model", "calls", "submitted", "state"])
        let formatter = ISO8601DateFormatter()
        for standing in standings {
            let state: String
            if let status = standing.status {
                state = "\(status.state), \(status.finished) of \(status.total) done"
            } else {
                state = standing.problem ?? "-"
            }
            table.add([
                standing.entry.id ?? standing.entry.label, standing.entry.provider, standing.entry.model,
                "\(standing.entry.requestHashes.count)", formatter.string(from: standing.entry.submitted), state,
            ])
        }
        return table.render()
    }
}
