import PromptExpKit
import Testing

@Suite struct VersionSelectorTests {
    @Test(arguments: [
        ("working", VersionSelector.working),
        ("v3", .number(3)),
        ("V12", .number(12)),
        ("v0", .named("v0")),
        ("production", .named("production")),
        ("HEAD~2", .named("HEAD~2")),
        ("v", .named("v")),
    ])
    func parses(text: String, expected: VersionSelector) {
        #expect(VersionSelector(parsing: text) == expected)
    }

    @Test func splitsAReference() {
        #expect(VersionSelector.split("support/reply@v2") == ("support/reply", .number(2)))
        #expect(VersionSelector.split("support/reply") == ("support/reply", nil))
        #expect(VersionSelector.split("a@b@HEAD~1") == ("a@b", .named("HEAD~1")))
    }
}
