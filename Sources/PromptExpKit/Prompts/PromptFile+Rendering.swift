public import Foundation

extension PromptFile {
    /// The values the template renders with: `inputs` checked against the declarations
    /// and completed with defaults. `promptID` and `rowLabel` name the subject in errors
    /// (`datasets/x.jsonl:12 (row abc)`).
    public func resolveInputs(
        _ inputs: [String: JSONValue], promptID: String, rowLabel: String
    ) throws(PromptError) -> [String: JSONValue] {
        var values = inputs
        if frontMatter.declaresInputs {
            for spec in frontMatter.inputs {
                if let value = inputs[spec.name], !value.isNull {
                    guard spec.type.accepts(value) else {
                        throw .wrongInputType(
                            name: spec.name, prompt: promptID, row: rowLabel,
                            expected: spec.type.shownName, found: value.typeName)
                    }
                } else if let fallback = spec.defaultValue {
                    values[spec.name] = fallback
                } else if spec.isRequired {
                    throw .missingInput(name: spec.name, prompt: promptID, row: rowLabel)
                }
            }
        } else {
            // Without declarations, every variable interpolated outside a section is needed.
            for name in template.variables.required.sorted() where inputs[name] == nil {
                throw .missingInput(name: name, prompt: promptID, row: rowLabel)
            }
        }
        // A conversation must read as messages, each of them, before anything is sent.
        for name in template.conversationInputs {
            guard let value = values[name] else { throw .missingInput(name: name, prompt: promptID, row: rowLabel) }
            guard let list = value.arrayValue else {
                throw .wrongInputType(
                    name: name, prompt: promptID, row: rowLabel, expected: "a list of messages", found: value.typeName)
            }
            for (index, message) in list.enumerated() {
                do {
                    _ = try ChatMessage.reading(message)
                } catch {
                    throw .badInput(
                        name: name, prompt: promptID, row: rowLabel, problem: "message \(index + 1): \(error.message)")
                }
            }
        }
        return values
    }

    /// Checks the inputs and renders the chat messages. Image inputs are read from
    /// `imageRoot` (the repository) or their `data:` URL.
    public func render(
        _ inputs: [String: JSONValue], promptID: String, rowLabel: String, imageRoot: URL? = nil
    ) throws(PromptError) -> [ChatMessage] {
        var images = ImageReader(root: imageRoot)
        return try render(inputs, promptID: promptID, rowLabel: rowLabel, images: &images)
    }

    /// As above, with images from `images`, which reads each one once however many
    /// variants render the same row.
    public func render(
        _ inputs: [String: JSONValue], promptID: String, rowLabel: String, images: inout ImageReader
    ) throws(PromptError) -> [ChatMessage] {
        let values = try resolveInputs(inputs, promptID: promptID, rowLabel: rowLabel)
        var parts: [String: ImagePart] = [:]
        for name in template.imageInputs where parts[name] == nil {
            let value = try imageValue(name, in: values, promptID: promptID, rowLabel: rowLabel)
            do {
                parts[name] = try images.image(value)
            } catch {
                throw .badInput(name: name, prompt: promptID, row: rowLabel, problem: error.message)
            }
        }
        return template.render(values, images: parts)
    }

    /// Checks the inputs as `render` would, reading only the first bytes of each image.
    public func check(
        _ inputs: [String: JSONValue], promptID: String, rowLabel: String, imageRoot: URL?
    ) throws(PromptError) {
        let values = try resolveInputs(inputs, promptID: promptID, rowLabel: rowLabel)
        for name in template.imageInputs {
            let value = try imageValue(name, in: values, promptID: promptID, rowLabel: rowLabel)
            do {
                try ImagePart.check(value, root: imageRoot)
            } catch {
                throw .badInput(name: name, prompt: promptID, row: rowLabel, problem: error.message)
            }
        }
    }

    private func imageValue(
        _ name: String, in values: [String: JSONValue], promptID: String, rowLabel: String
    ) throws(PromptError) -> String {
        guard let value = values[name] else { throw .missingInput(name: name, prompt: promptID, row: rowLabel) }
        guard let text = value.stringValue else {
            throw .wrongInputType(
                name: name, prompt: promptID, row: rowLabel, expected: "an image path or data: URL",
                found: value.typeName)
        }
        return text
    }
}
