import Foundation

/// A CSV file as rows of cells (RFC 4180: quoted cells may hold commas, quotes doubled,
/// and line breaks), with the 1-based line each row starts on.
struct CSVTable: Sendable {
    var header: [String]
    var rows: [(line: Int, cells: [String])]

    init(_ text: String) {
        var records: [(Int, [String])] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count, characters[index + 1] == "\"" {
                        cell.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    cell.append(character)
                }
            } else {
                switch character {
                case "\"" where cell.isEmpty: quoted = true
                case ",":
                    cells.append(cell)
                    cell = ""
                case "\n":
                    cells.append(cell)
                    cell = ""
                    if cells != [""] { records.append((recordLine, cells)) }
                    cells = []
                    line += 1
                    recordLine = line
                default: cell.append(character)
                }
            }
            index += 1
        }
        if !cell.isEmpty || !cells.isEmpty {
            cells.append(cell)
            records.append((recordLine, cells))
        }
        header = records.first?.1 ?? []
        rows = Array(records.dropFirst()).map { (line: $0.0, cells: $0.1) }
    }
}
