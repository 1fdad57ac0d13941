extension Sequence where Element == ResultRecord {
    /// The records grouped by row, rows in order of first appearance, each row's records in
    /// their order: the shape a results file streams in, made from records in any order.
    public var groupedByRow: [[ResultRecord]] {
        var order: [String] = []
        var byRow: [String: [ResultRecord]] = [:]
        for record in self {
            if byRow[record.rowID] == nil { order.append(record.rowID) }
            byRow[record.rowID, default: []].append(record)
        }
        return order.map { byRow[$0] ?? [] }
    }
}
