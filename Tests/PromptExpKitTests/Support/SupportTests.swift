import Foundation
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

@Suite struct ISO8601FormatTests {
    @Test(arguments: [
        (0.0, 0, "1970-01-01T00:00:00+00:00"),
        (1_767_605_400.0, 60, "2026-01-05T10:30:00+01:00"),
        (951_782_400.0, -300, "2000-02-28T19:00:00-05:00"),
        (951_825_600.0, 0, "2000-02-29T12:00:00+00:00"),
        (-86_401.0, 0, "1969-12-30T23:59:59+00:00"),
        (4_102_444_800.0, 330, "2100-01-01T05:30:00+05:30"),
    ])
    func formatsLikeGit(seconds: Double, offset: Int, expected: String) {
        #expect(ISO8601Format.string(Date(timeIntervalSince1970: seconds), offsetMinutes: offset) == expected)
    }
}
