import PromptExpKit
import Testing

@Suite struct TemplateVariablesTests {
    @Test func classifiesTopLevelSectionAndScopedNames() {
        let variables = TemplateVariables(
            scanning: "{{a}} {{{b}}} {{& c.d}} {{#list}}{{name}}{{.}}{{/list}} {{^e}}none{{/e}} {{! note }} {{> part}}")
        #expect(variables.required == ["a", "b", "c"])
        #expect(variables.sections == ["list", "e"])
        #expect(variables.sectionScoped == ["name"])
        #expect(variables.isComplete)
    }

    @Test func aDelimiterChangeMakesTheScanIncomplete() {
        let variables = TemplateVariables(scanning: "{{=<% %>=}}<% a %>")
        #expect(!variables.isComplete)
    }
}
