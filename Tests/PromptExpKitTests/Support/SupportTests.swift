import PromptExpKit
import Testing

@Suite struct SupportTests {
    @Test func canonicalJSONSortsKeysAndKeepsNumberKinds() throws {
        let value: JSONValue = ["b": [1, 2.5, 3.0], "a": "x\n\"y\"", "c": nil, "é": true]
        #expect(value.canonicalJSON == #"{"a":"x\n\"y\"","b":[1,2.5,3.0],"c":null,"é":true}"#)
        #expect(try JSONValue.parse(.init(value.canonicalJSON.utf8)) == value)
    }

    @Test func prettyJSONIsIndentedAndSorted() {
        let value: JSONValue = ["b": [1], "a": [:]]
        #expect(value.prettyJSON == "{\n  \"a\": {},\n  \"b\": [\n    1\n  ]\n}")
    }

    @Test func wordDiffFindsChangedWords() {
        let segments = WordDiff.diff(old: "Answer in 120 words.", new: "Answer in 80 words, briefly.")
        #expect(segments.filter { $0.kind == .removed }.map(\.text) == ["120"])
        #expect(segments.filter { $0.kind == .added }.map(\.text) == ["80", ", briefly"])
        #expect(segments.filter { $0.kind != .added }.map(\.text).joined() == "Answer in 120 words.")
        #expect(segments.filter { $0.kind != .removed }.map(\.text).joined() == "Answer in 80 words, briefly.")
    }

    @Test func suggestsNearNames() {
        let names = ["support/reply", "summarize/article", "extract/invoice"]
        #expect(NameSuggester.suggestions(for: "support/replly", among: names) == ["support/reply"])
        #expect(NameSuggester.suggestions(for: "reply", among: names) == ["support/reply"])
        #expect(NameSuggester.suggestions(for: "zzz", among: names).isEmpty)
        #expect(NameSuggester.editDistance("kitten", "sitting") == 3)
    }

    @Test func yamlScalarsFollowTheCoreSchema() throws {
        let node = try YAMLNode.parse("a: yes\nb: 1.10\nc: '3'\nd: ~\ne: 2\nf: on\ng: 1e3\n", path: "x")
        #expect(node.json == ["a": "yes", "b": 1.1, "c": "3", "d": nil, "e": 2, "f": "on", "g": 1000.0])
    }
}
