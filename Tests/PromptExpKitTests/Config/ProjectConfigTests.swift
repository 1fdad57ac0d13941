import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct ProjectConfigTests {
    @Test func readsProvidersModelsDefaultsAndEvaluators() throws {
        let config = try ProjectConfig.parse(
            """
            providers:
              local:
                kind: openai
                base_url: http://127.0.0.1:8080/v1
                headers: {X-Team: evals}
              azure:
                kind: openai
                base_url: https://example.openai.azure.com/openai/deployments/gpt4o
                api_key_env: AZURE_OPENAI_KEY
                api_version: 2024-10-21
            models:
              fast:
                provider: local
                model: llama3.2
                input_per_million: 0
                output_per_million: 0
              gpt-4o-mini:
                provider: openai
            defaults:
              model: fast
              concurrency: 4
              requests_per_minute: 500
              max_cost: 2.5
            evaluators:
              short:
                kind: length
                max_words: 100
            """, path: ".promptexp/config.yaml")
        #expect(
            config.providers["local"]
                == ProviderConfig(
                    name: "local", kind: .openai, baseURL: "http://127.0.0.1:8080/v1", headers: ["X-Team": "evals"]))
        #expect(config.providers["azure"]?.apiKeyEnv == "AZURE_OPENAI_KEY")
        #expect(config.providers["azure"]?.apiVersion == "2024-10-21")
        #expect(config.providers["openai"]?.apiKeyEnv == "OPENAI_API_KEY")
        #expect(config.models["fast"]?.model == "llama3.2")
        #expect(config.models["gpt-4o-mini"]?.model == "gpt-4o-mini")
        #expect(config.defaults.concurrency == 4)
        #expect(config.defaults.requestsPerMinute == 500)
        #expect(config.defaults.maxCost == 2.5)
        #expect(
            config.evaluators["short"]
                == EvaluatorConfig(
                    name: "short", kind: "length", settings: ["max_words": 100],
                    location: SourceLocation(path: ".promptexp/config.yaml", line: 25, column: 3)))
        #expect(
            config.price(provider: "local", model: "llama3.2") == ModelPrice(inputPerMillion: 0, outputPerMillion: 0))
        #expect(
            config.price(provider: "openai", model: "gpt-4o-mini")
                == ModelPrice(inputPerMillion: 0.15, outputPerMillion: 0.6))
    }

    @Test(arguments: [
        ("providers:\n  x:\n    kind: grpc\n", "c.yaml:3:11: unknown provider kind 'grpc'"),
        (
            "providers:\n  x:\n    base_url: ftp://h\n    kind: openai\n",
            "c.yaml:3:15: base_url must be an http or https URL"
        ),
        (
            "providers:\n  x:\n    kind: openai\n    api_key_env: sk-live-abcdef\n",
            "c.yaml:4:18: api_key_env must be the name of an environment variable"
        ),
        (
            "providers:\n  x:\n    kind: openai\n    headers:\n      Authorization: Bearer abc\n",
            "c.yaml:5:7: header 'Authorization' carries a secret"
        ),
        ("providers:\n  x:\n    base_url: http://h\n", "c.yaml:3:5: provider 'x' needs a kind"),
        (
            "models:\n  m:\n    provider: nowhere\n",
            "c.yaml:3:15: model 'm' names provider 'nowhere', which is not configured"
        ),
        ("models:\n  m:\n    provider: openai\n    input_per_million: 1\n", "c.yaml:3:5: model 'm' needs both"),
        (
            "models:\n  m:\n    provider: openai\n    input_per_million: cheap\n    output_per_million: 1\n",
            "c.yaml:4:24: input_per_million must be a number"
        ),
        ("defaults:\n  concurrency: 0\n", "c.yaml:2:16: concurrency must be at least 1"),
        ("defaults:\n  paralel: 3\n", "c.yaml:2:3: unknown key 'paralel' in defaults"),
        ("evaluators:\n  e:\n    threshold: 1\n", "c.yaml:3:5: evaluator 'e' needs a kind"),
        ("provider:\n  x: 1\n", "c.yaml:1:1: unknown section 'provider'"),
        ("models: [a\n", "c.yaml:2:1: invalid YAML"),
    ])
    func errorsNameTheLineAndColumn(text: String, prefix: String) {
        do {
            _ = try ProjectConfig.parse(text, path: "c.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error.description)")
        }
    }

    @Test func aKeyPastedIntoTheConfigIsNeverEchoed() {
        let canary = "canary-key-0123456789abcdefghijklmnop"
        do {
            _ = try ProjectConfig.parse("providers:\n  x:\n    kind: openai\n    api_key_env: \(canary)\n", path: "c")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains(canary))
        }
    }

    @Test func theProjectsOwnConfigIsValid() throws {
        let config = try ProjectConfig.load(from: PackagePaths.root.appendingPathComponent(".promptexp/config.yaml"))
        #expect(config.defaults.model == "mock/echo")
        #expect(config.models["llama-local"]?.provider == "ollama")
    }

    @Test func priceTableKnowsDatedSnapshots() {
        #expect(PriceTable.price(provider: "openai", model: "gpt-4o-2024-08-06") == PriceTable.prices["openai/gpt-4o"])
        #expect(
            PriceTable.price(provider: "openai", model: "gpt-4o-mini-2024-07-18")
                == PriceTable.prices["openai/gpt-4o-mini"])
        #expect(
            PriceTable.price(provider: "anthropic", model: "claude-sonnet-4-5-20250929")
                == PriceTable.prices["anthropic/claude-sonnet-4-5"])
        #expect(PriceTable.price(provider: "openai", model: "gpt-4o-turbo-max") == nil)
        #expect(PriceTable.price(provider: "mock", model: "anything")?.cost(inputTokens: 1000, outputTokens: 1000) == 0)
        #expect(
            ModelPrice(inputPerMillion: 2.5, outputPerMillion: 10).cost(inputTokens: 1_000, outputTokens: 500) == 0.0075
        )
    }
}

/// Keys pasted where the config keeps only non-secrets are refused, and never echoed.
@Suite struct ConfigSecretTests {
    @Test(arguments: [
        "providers:\n  p: {kind: openai, base_url: \"https://user:sk-fake-0123456789abcd@example.com/v1\"}\n",
        "providers:\n  p: {kind: openai, base_url: \"https://example.com/v1?api_key=0123456789abcdef\"}\n",
        "providers:\n  p: {kind: openai, base_url: \"https://example.com/v1?x=sk-fake-0123456789abcd\"}\n",
        "providers:\n  p: {kind: openai, headers: {X-Custom: \"sk-fake-0123456789abcd\"}}\n",
        "providers:\n  p: {kind: openai}\nmodels:\n  m: {provider: p, params: {api_key: \"0123456789abcdef\"}}\n",
        "providers:\n  p: {kind: openai}\nmodels:\n  m: {provider: p, params: {extra: {auth: [\"sk-fake-0123456789abcd\"]}}}\n",
    ])
    func aSecretInTheConfigIsRefusedWithoutEchoingIt(config: String) {
        #expect {
            try ProjectConfig.parse(config, path: ".promptexp/config.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("secret") || text.contains("credentials")
                ? !text.contains("0123456789abcd") : false
        }
    }

    @Test func ordinaryURLsAndParamsStay() throws {
        let config = try ProjectConfig.parse(
            """
            providers:
              azure: {kind: openai, base_url: "https://example.openai.azure.com/openai?api-version=2024-10-21"}
            models:
              m: {provider: azure, params: {max_tokens: 400, temperature: 0.2}}
            """, path: "c")
        #expect(config.models["m"]?.params["max_tokens"] == 400)
    }
}

@Suite struct PriceByModelIDTests {
    /// The built-in table follows the model id sent, whatever the config calls the model or
    /// the provider.
    @Test func theTableMatchesTheProvidersModelID() throws {
        let config = try ProjectConfig.parse(
            """
            providers:
              care: {kind: openai, base_url: "https://llm.example.com/v1"}
            models:
              care-4o: {provider: care, model: gpt-4o}
            """, path: "c")
        #expect(try config.resolveModel("care-4o").price == ModelPrice(inputPerMillion: 2.5, outputPerMillion: 10))
        #expect(
            try config.resolveModel("care/gpt-4o-mini").price
                == ModelPrice(inputPerMillion: 0.15, outputPerMillion: 0.6))
        #expect(try config.resolveModel("care/some-local-model").price == nil)
    }
}
