import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct TemplateMatcherTests {
    func prompt(_ text: String) throws -> PromptFile { try PromptFile(text: text, path: "p.prompt") }

    /// Every row of the project's own datasets, rendered by its prompt and matched back,
    /// gives the inputs it was rendered from (with defaults filled in).
    @Test(arguments: [
        ("support/reply", "datasets/support/tickets.jsonl"),
        ("summarize/article", "datasets/summarize/articles.jsonl"),
        ("extract/invoice", "datasets/extract/invoices.jsonl"),
    ])
    func theProjectsOwnRowsRoundTrip(prompt id: String, dataset: String) throws {
        let text = try String(
            contentsOf: PackagePaths.root.appendingPathComponent("prompts/\(id).prompt"), encoding: .utf8)
        let file = try PromptFile(text: text, path: "prompts/\(id).prompt")
        let matcher = try TemplateMatcher(file: file, promptID: id)
        let rows = try DatasetFile(url: PackagePaths.root.appendingPathComponent(dataset)).allRows()
        #expect(rows.count >= 20)
        for row in rows {
            let inputs = try file.resolveInputs(row.inputs, promptID: id, rowLabel: row.id)
            let messages = try file.render(row.inputs, promptID: id, rowLabel: row.id)
            let found = try matcher.match(messages).get()
            // What the template shows is recovered; a default that renders the same is as good.
            #expect(try file.render(found, promptID: id, rowLabel: row.id) == messages, "\(row.id)")
            for (name, value) in row.inputs { #expect(found[name] == value, "\(row.id).\(name)") }
            #expect(Set(found.keys).isSubset(of: Set(inputs.keys)))
        }
    }

    @Test func optionalSectionsAndTypedInputs() throws {
        let file = try prompt(
            """
            ---
            inputs:
              count: {type: integer}
              hint: {type: string, required: false}
            ---
            user:
            Give {{count}} ideas.
            {{#hint}}
            Hint: {{hint}}
            {{/hint}}
            Thanks.
            """)
        let matcher = try TemplateMatcher(file: file, promptID: "p")
        #expect(
            try matcher.match([ChatMessage(role: .user, content: "Give 3 ideas.\nHint: be bold\nThanks.")]).get() == [
                "count": 3, "hint": "be bold",
            ])
        #expect(
            try matcher.match([ChatMessage(role: .user, content: "Give 12 ideas.\nThanks.")]).get() == ["count": 12])
        #expect(matcher.match([ChatMessage(role: .user, content: "Give many ideas.\nThanks.")]) == .failure(.text))
    }

    @Test func missesAreNamed() throws {
        let file = try prompt("system:\nYou help {{team}}.\nuser:\n{{question}} (for {{team}})\n")
        let matcher = try TemplateMatcher(file: file, promptID: "p")
        let system = ChatMessage(role: .system, content: "You help billing.")
        #expect(
            try matcher.match([system, ChatMessage(role: .user, content: "Why? (for billing)")]).get() == [
                "team": "billing", "question": "Why?",
            ])
        #expect(matcher.match([system]) == .failure(.messageCount))
        #expect(matcher.match([system, ChatMessage(role: .assistant, content: "x (for billing)")]) == .failure(.roles))
        #expect(
            matcher.match([system, ChatMessage(role: .user, content: "Why? (for sales)")]) == .failure(.inconsistent))
        #expect(
            matcher.match([ChatMessage(role: .system, content: "You assist."), ChatMessage(role: .user, content: "x")])
                == .failure(.text))
    }

    @Test func anImageInAnEarlierTurnCannotBeAConversationInput() throws {
        let file = try prompt(OrdersPrompt.text())
        let matcher = try TemplateMatcher(file: file, promptID: "orders")
        let image = ImagePart(mediaType: "image/gif", data: Data("GIF89a".utf8))
        let earlier = [
            ChatMessage(role: .system, content: "You help with orders."),
            ChatMessage(role: .user, content: "This box?", images: [image]),
            ChatMessage(role: .assistant, content: "A box."),
            ChatMessage(role: .user, content: "Where is it?"),
        ]
        #expect(matcher.match(earlier) == .failure(.imageInConversation))
        // Without the image, the same request matches.
        var plain = earlier
        plain[1] = ChatMessage(role: .user, content: "This box?")
        #expect(try matcher.match(plain).get()["question"] == "Where is it?")
    }

    @Test func adjacentVariablesAreAmbiguous() throws {
        let matcher = try TemplateMatcher(file: try prompt("user:\n{{first}} {{second}}\n"), promptID: "p")
        #expect(matcher.match([ChatMessage(role: .user, content: "a b c")]) == .failure(.ambiguous))
        #expect(try matcher.match([ChatMessage(role: .user, content: "a b")]).get() == ["first": "a", "second": "b"])
    }

    @Test func templatesItCannotInvertAreErrors() {
        #expect(
            throws: ImportError.unmatchableTemplate(
                prompt: "p", reason: "partials and blocks ({{>footer}}) are not supported")
        ) {
            try TemplateMatcher(file: try prompt("user:\nhi {{>footer}}\n"), promptID: "p")
        }
        #expect(
            throws: ImportError.unmatchableTemplate(
                prompt: "p", reason: "dotted names ({{user.name}}) are not supported")
        ) {
            try TemplateMatcher(file: try prompt("user:\nhi {{user.name}}\n"), promptID: "p")
        }
    }
}
