import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct DatasetFileTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    func dataset(_ text: String) throws -> DatasetFile {
        try folder.write("d.jsonl", text)
        return DatasetFile(url: folder.file("d.jsonl"), displayPath: "datasets/d.jsonl")
    }

    @Test func readsBothRowShapes() throws {
        let file = try dataset(
            """
            {"id": "a", "inputs": {"q": "hi", "n": 2}, "expected": "hello", "metadata": {"src": "log"}}
            {"q": "bare", "output": "prod said", "id": 7}

            {"q": "no id"}
            """)
        let rows = try file.allRows()
        #expect(rows.map(\.id) == ["a", "7", DatasetRow.derivedID(for: ["q": "no id"])])
        #expect(rows[0].inputs == ["q": "hi", "n": 2])
        #expect(rows[0].expected == "hello")
        #expect(rows[0].metadata == ["src": "log"])
        #expect(rows[1].inputs == ["q": "bare"])
        #expect(rows[1].output == "prod said")
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test func derivedIDsDependOnInputsNotOnKeyOrderOrPosition() {
        let one = DatasetRow.derivedID(for: ["a": 1, "b": "x"])
        #expect(one == DatasetRow(inputs: ["b": "x", "a": 1]).id)
        #expect(one.count == 12)
        #expect(one != DatasetRow.derivedID(for: ["a": 1, "b": "y"]))
        // A stable value: the id must never change between releases.
        #expect(DatasetRow.derivedID(for: ["q": "hi"]) == "fca03ff443ac")
    }

    @Test func anInvalidLineNamesFileLineAndColumn() throws {
        let file = try dataset("{\"q\": 1}\n{\"q\": oops}\n")
        #expect(
            throws: DatasetError.invalidLine(
                SourceLocation(path: "datasets/d.jsonl", line: 2, column: 7), "invalid JSON: unexpected character 'o'")
        ) {
            try file.allRows()
        }
    }

    @Test(arguments: [
        ("[1, 2]", "datasets/d.jsonl:1:1: each line must be a JSON object, found array"),
        ("{\"inputs\": \"x\"}", "datasets/d.jsonl:1:1: 'inputs' must be an object, found string"),
        ("{\"id\": 1.5, \"q\": 1}", "datasets/d.jsonl:1:1: 'id' must be a string or an integer, found number"),
        ("{\"id\": \"\", \"q\": 1}", "datasets/d.jsonl:1:1: 'id' must not be empty"),
        ("{\"q\": 1, \"metadata\": [1]}", "datasets/d.jsonl:1:1: 'metadata' must be an object, found array"),
    ])
    func badRowsAreExplained(line: String, message: String) throws {
        let file = try dataset(line + "\n")
        #expect(throws: DatasetError.self) { try file.allRows() }
        do { _ = try file.allRows() } catch { #expect(error.description == message) }
    }

    @Test func duplicateIDsNameBothLines() throws {
        let file = try dataset("{\"id\": \"x\", \"q\": 1}\n{\"q\": 2}\n{\"id\": \"x\", \"q\": 3}\n")
        #expect(throws: DatasetError.duplicateID(id: "x", path: "datasets/d.jsonl", firstLine: 1, line: 3)) {
            try file.allRows()
        }
        #expect(
            DatasetError.duplicateID(id: "x", path: "d", firstLine: 1, line: 3).description
                == "d:3:1: duplicate row id 'x' (first used on line 1)")
    }

    @Test func handlesCRLFAndAMissingFinalNewline() throws {
        let file = try dataset("{\"q\": 1}\r\n{\"q\": 2}")
        #expect(try file.allRows().map { $0.inputs["q"] } == [1, 2])
    }

    @Test func findsARowByID() throws {
        let file = try dataset("{\"id\": \"a\", \"q\": 1}\n{\"id\": \"b\", \"q\": 2}\n")
        #expect(try file.row(id: "b").inputs == ["q": 2])
        #expect(throws: DatasetError.unknownRow(id: "zz", path: "datasets/d.jsonl")) { try file.row(id: "zz") }
    }

    @Test func streamsLinesLongerThanOneChunk() throws {
        let long = String(repeating: "x", count: 200_000)
        try folder.write("d.jsonl", "{\"q\": \"\(long)\"}\n{\"q\": \"short\"}\n")
        let reader = JSONLLineReader(url: folder.file("d.jsonl"), chunkSize: 1024)
        let lines = reader.map { ($0.number, $0.bytes.count) }
        #expect(lines.map(\.0) == [1, 2])
        #expect(lines[0].1 == long.count + 9)
    }

    @Test func statsCountKeysAndColumns() throws {
        let file = try dataset(
            """
            {"id": "a", "q": 1, "ctx": "c", "expected": "e"}
            {"q": 2, "output": "o", "metadata": {"m": 1}}
            {"q": null}
            """)
        let stats = try DatasetStats(file: file)
        #expect(stats.rows == 3)
        #expect(stats.inputKeys == ["q": 2, "ctx": 1])
        #expect(stats.rowsWithExpected == 1)
        #expect(stats.rowsWithOutput == 1)
        #expect(stats.rowsWithMetadata == 1)
        #expect(stats.rowsWithExplicitID == 1)
    }

    @Test func theProjectDatasetsAreValid() throws {
        for name in ["support/tickets", "summarize/articles", "extract/invoices"] {
            let file = DatasetFile(url: PackagePaths.root.appendingPathComponent("datasets/\(name).jsonl"))
            let rows = try file.allRows()
            #expect((20...50).contains(rows.count), "\(name) has \(rows.count) rows")
        }
    }
}
