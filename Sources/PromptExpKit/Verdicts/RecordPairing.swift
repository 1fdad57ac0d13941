/// How base and candidate records pair up: the same row, model slot and repeat. Models
/// take slots in the order each variant first uses them, so a candidate that switched
/// model is paired with the base's.
enum RecordPairing {
    /// Base and candidate records of the same row, model slot (models in order of first
    /// use per variant, so a switched model still pairs) and repeat, as indices.
    static func pairs(_ records: [ResultRecord]) -> [(base: Int, candidate: Int)] {
        struct Key: Hashable { let row: String, slot: Int, repeatIndex: Int }
        var models: [String: [String]] = [:]
        func key(_ record: ResultRecord) -> Key {
            var list = models[record.variant, default: []]
            if !list.contains(record.model) { list.append(record.model) }
            models[record.variant] = list
            return Key(row: record.rowID, slot: list.firstIndex(of: record.model) ?? 0, repeatIndex: record.repeatIndex)
        }
        var bases: [Key: Int] = [:]
        var candidates: [(Key, Int)] = []
        for (index, record) in records.enumerated() {
            if record.variant == "base" { bases[key(record)] = index }
            if record.variant == "candidate" { candidates.append((key(record), index)) }
        }
        return candidates.compactMap { key, index in bases[key].map { (base: $0, candidate: index) } }
    }
}
