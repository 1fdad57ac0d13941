import PromptExpKit
import Testing

@Suite struct FrontMatterEditorTests {
    @Test func replacesAFlowListKeepingCommentsAndOrder() throws {
        var editor = FrontMatterEditor(text: "---\n# owner: me\ntags: [a]   # why\nmodel: m\n---\nbody {{x}}\n")
        try editor.setTags(["a", "production"], path: "p")
        #expect(editor.text == "---\n# owner: me\ntags: [a, production]   # why\nmodel: m\n---\nbody {{x}}\n")
    }

    @Test func replacesABlockList() throws {
        var editor = FrontMatterEditor(text: "---\ntags:\n  - a\n  - b\n\nmodel: m\n---\nbody\n")
        try editor.setTags(["b"], path: "p")
        #expect(editor.text == "---\ntags: [b]\n\nmodel: m\n---\nbody\n")
    }

    @Test func addsTheKeyAtTheEndWhenMissing() throws {
        var editor = FrontMatterEditor(text: "---\nmodel: m\nx-tool: {keep: me}\n---\nbody\n")
        try editor.setTags(["production"], path: "p")
        #expect(editor.text == "---\nmodel: m\nx-tool: {keep: me}\ntags: [production]\n---\nbody\n")
    }

    @Test func removesTheKeyForNoTags() throws {
        var editor = FrontMatterEditor(text: "---\ntags: [a]\nmodel: m\n---\nbody\n")
        try editor.setTags([], path: "p")
        #expect(editor.text == "---\nmodel: m\n---\nbody\n")
    }

    @Test func createsFrontMatterWhenThereIsNone() throws {
        var editor = FrontMatterEditor(text: "just a body\n")
        try editor.setTags(["yes", "v1.0"], path: "p")
        #expect(editor.text == "---\ntags: [\"yes\", v1.0]\n---\njust a body\n")
        #expect(try PromptFile(text: editor.text, path: "p").frontMatter.tags == ["yes", "v1.0"])
    }
}
