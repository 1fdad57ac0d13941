/// What a sequential run recorded: the seed of its row order, how many of the rows it
/// sent before the verdict was decided, and what the rest would have cost. Written into
/// `summary.json`, the report and the commit message; read back from `summary.json`.
public struct SequentialRecord: Hashable, Sendable {
    public let seed: UInt64
    /// Rows the run could have sent (the dataset, or its sample).
    public let rows: Int
    /// Rows sent, in the seeded order: the first `rowsSent`.
    public let rowsSent: Int
    /// Whether the verdict was decided on them (else the dataset ran out: the fixed-size
    /// verdict stands).
    public let decided: Bool
    /// The calls the rows not sent would have made, and what sending them would have cost
    /// (estimated; what the cache or earlier runs answer costs nothing).
    public let callsNotNeeded: Int
    public let costNotNeeded: Double

    public init(seed: UInt64, rows: Int, rowsSent: Int, decided: Bool, callsNotNeeded: Int, costNotNeeded: Double) {
        self.seed = seed
        self.rows = rows
        self.rowsSent = rowsSent
        self.decided = decided
        self.callsNotNeeded = callsNotNeeded
        self.costNotNeeded = costNotNeeded
    }

    public var rowsNotNeeded: Int { rows - rowsSent }

    /// "decided after 90 of 400 rows: 310 rows (620 calls, $0.41) not needed".
    public var line: String {
        guard decided else {
            return "sequential: not decided on all \(counted(rows, "row")) (seed \(seed)): the fixed-size verdict"
        }
        let saved =
            rowsNotNeeded == 0
            ? "every row was needed"
            : "\(counted(rowsNotNeeded, "row")) (\(counted(callsNotNeeded, "call")), \(NumberText.money(costNotNeeded, decimals: 2))) not needed"
        return "sequential: decided after \(rowsSent) of \(counted(rows, "row")): \(saved) (seed \(seed))"
    }

    public var json: JSONValue {
        [
            "seed": .int(Int(truncatingIfNeeded: seed)), "rows": .int(rows), "rows_sent": .int(rowsSent),
            "decided": .bool(decided), "rows_not_needed": .int(rowsNotNeeded), "calls_not_needed": .int(callsNotNeeded),
            "cost_not_needed": .double(costNotNeeded),
        ]
    }

    public init?(json: JSONValue) {
        guard case .int(let seed)? = json["seed"], case .int(let rows)? = json["rows"],
            case .int(let sent)? = json["rows_sent"], case .bool(let decided)? = json["decided"],
            case .int(let calls)? = json["calls_not_needed"], let cost = json["cost_not_needed"]?.doubleValue
        else { return nil }
        self.init(
            seed: UInt64(truncatingIfNeeded: seed), rows: rows, rowsSent: sent, decided: decided, callsNotNeeded: calls,
            costNotNeeded: cost)
    }
}
