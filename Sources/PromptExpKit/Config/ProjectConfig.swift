public import Foundation

/// `.promptexp/config.yaml`: providers, models, run defaults and named evaluators.
public struct ProjectConfig: Sendable {
    /// Configured providers merged over the built-in ones.
    public var providers: [String: ProviderConfig] = ProviderConfig.builtIn
    public var models: [String: ModelConfig] = [:]
    public var defaults = ConfigDefaults()
    public var evaluators: [String: EvaluatorConfig] = [:]
    /// How verdicts are decided (`verdict:`).
    public var verdict = VerdictPolicy()

    public init() {}

    /// Reads and validates the config file; a missing file is the default config.
    public static func load(from url: URL, displayPath: String = ProjectLayout.config) throws(ConfigError)
        -> ProjectConfig
    {
        guard FileManager.default.fileExists(atPath: url.path) else { return ProjectConfig() }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .unreadable(path: displayPath, reason: error.localizedDescription)
        }
        return try parse(text, path: displayPath)
    }

    /// Parses config text; every error names `path:line:column`.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> ProjectConfig {
        do {
            return try ProjectConfig(node: YAMLNode.parse(text, path: path))
        } catch {
            throw .invalid(error.location, error.message)
        }
    }

    init(node: YAMLNode) throws(YAMLNode.Problem) {
        guard !node.isNull else { return }
        for section in try node.mapping("the config") {
            let value = section.value
            if value.isNull { continue }
            switch section.key {
            case "providers":
                for entry in try value.mapping("providers") {
                    providers[entry.key] = try Self.readProvider(entry)
                }
            case "models":
                for entry in try value.mapping("models") {
                    models[entry.key] = try Self.readModel(entry)
                }
            case "defaults":
                defaults = try Self.readDefaults(value)
            case "evaluators":
                for entry in try value.mapping("evaluators") {
                    evaluators[entry.key] = try Self.readEvaluator(entry)
                }
            case "verdict":
                verdict = try Self.readVerdict(value)
            default:
                throw Problem(
                    location: section.keyLocation,
                    message:
                        "unknown section '\(section.key)'; expected providers, models, defaults, evaluators or verdict")
            }
        }
        try validateModels(node)
    }

    private typealias Problem = YAMLNode.Problem

    private static func readProvider(_ entry: YAMLNode.Entry) throws(Problem) -> ProviderConfig {
        let name = entry.key
        var provider = ProviderConfig.builtIn[name] ?? ProviderConfig(name: name, kind: .openai)
        var sawKind = ProviderConfig.builtIn[name] != nil
        for field in try entry.value.mapping("provider '\(name)'") {
            let value = field.value
            switch field.key {
            case "kind":
                let kind = try value.string("kind")
                guard let parsed = ProviderConfig.Kind(rawValue: kind) else {
                    let allowed = ProviderConfig.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw value.fail("unknown provider kind '\(kind)'; use one of \(allowed)")
                }
                provider.kind = parsed
                sawKind = true
            case "base_url":
                let url = try value.string("base_url")
                guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil
                else {
                    throw value.fail("base_url must be an http or https URL")
                }
                if let problem = SecretGuard.problem(inBaseURL: url) { throw value.fail(problem) }
                provider.baseURL = url
            case "api_key_env":
                let variable = try value.string("api_key_env")
                guard variable.range(of: #"^[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) != nil else {
                    // Never echo the value: it may be a pasted key.
                    throw value.fail(
                        "api_key_env must be the name of an environment variable (such as OPENAI_API_KEY), not a key")
                }
                provider.apiKeyEnv = variable
            case "headers":
                var headers: [String: String] = [:]
                for header in try value.mapping("headers") {
                    let text = try header.value.string("header '\(header.key)'")
                    if SecretGuard.isSecretName(header.key) || SecretGuard.looksLikeKey(text) {
                        throw Problem(
                            location: header.keyLocation,
                            message: "header '\(header.key)' carries a secret; name its variable in api_key_env instead"
                        )
                    }
                    headers[header.key] = text
                }
                provider.headers = headers
            case "api_version":
                provider.apiVersion = try value.string("api_version")
            case "latency_ms":
                let milliseconds = try value.double("latency_ms")
                guard milliseconds >= 0 else { throw value.fail("latency_ms must not be negative") }
                provider.latency = milliseconds / 1000
            case "output_tokens":
                provider.mockOutputTokens = try positive(value.int("output_tokens"), value, "output_tokens")
            default:
                throw Problem(location: field.keyLocation, message: "unknown key '\(field.key)' in provider '\(name)'")
            }
        }
        guard sawKind else {
            throw entry.value.fail("provider '\(name)' needs a kind (openai, anthropic, gemini or mock)")
        }
        return provider
    }

    private static func readModel(_ entry: YAMLNode.Entry) throws(Problem) -> ModelConfig {
        var provider: String?
        var modelID: String?
        var input: Double?
        var output: Double?
        var batchInput: Double?
        var batchOutput: Double?
        var params: [String: JSONValue] = [:]
        for field in try entry.value.mapping("model '\(entry.key)'") {
            let value = field.value
            switch field.key {
            case "provider": provider = try value.string("provider")
            case "model": modelID = try value.string("model")
            case "input_per_million", "output_per_million":
                let price = try value.double(field.key)
                guard price >= 0 else { throw value.fail("\(field.key) must not be negative") }
                if field.key == "input_per_million" { input = price } else { output = price }
            case "batch_input_per_million", "batch_output_per_million":
                let price = try value.double(field.key)
                guard price >= 0 else { throw value.fail("\(field.key) must not be negative") }
                if field.key == "batch_input_per_million" { batchInput = price } else { batchOutput = price }
            case "params":
                for param in try value.mapping("params") { params[param.key] = param.value.json }
                if let secret = SecretGuard.secretParameter(in: params) {
                    throw value.fail(
                        "\(secret) carries a secret; keys belong in the environment, named by the provider's api_key_env"
                    )
                }
            default:
                throw Problem(
                    location: field.keyLocation, message: "unknown key '\(field.key)' in model '\(entry.key)'")
            }
        }
        guard let provider else { throw entry.value.fail("model '\(entry.key)' needs a provider") }
        var price: ModelPrice?
        switch (input, output) {
        case (let input?, let output?):
            price = ModelPrice(
                inputPerMillion: input, outputPerMillion: output, batchInputPerMillion: batchInput,
                batchOutputPerMillion: batchOutput)
        case (nil, nil):
            guard batchInput == nil, batchOutput == nil else {
                throw entry.value.fail(
                    "model '\(entry.key)' has batch prices but no input_per_million and output_per_million")
            }
            price = nil
        default: throw entry.value.fail("model '\(entry.key)' needs both input_per_million and output_per_million")
        }
        return ModelConfig(name: entry.key, provider: provider, model: modelID, price: price, params: params)
    }

    private static func readDefaults(_ node: YAMLNode) throws(Problem) -> ConfigDefaults {
        var defaults = ConfigDefaults()
        for field in try node.mapping("defaults") {
            let value = field.value
            switch field.key {
            case "model": defaults.model = try value.string("model")
            case "concurrency": defaults.concurrency = try positive(value.int("concurrency"), value, "concurrency")
            case "requests_per_minute":
                defaults.requestsPerMinute = try positive(
                    value.int("requests_per_minute"), value, "requests_per_minute")
            case "tokens_per_minute":
                defaults.tokensPerMinute = try positive(value.int("tokens_per_minute"), value, "tokens_per_minute")
            case "max_cost":
                let cost = try value.double("max_cost")
                guard cost >= 0 else { throw value.fail("max_cost must not be negative") }
                defaults.maxCost = cost
            case "timeout_seconds":
                let timeout = try value.double("timeout_seconds")
                guard timeout > 0 else { throw value.fail("timeout_seconds must be positive") }
                defaults.timeoutSeconds = timeout
            case "max_retries":
                let retries = try value.int("max_retries")
                guard retries >= 0 else { throw value.fail("max_retries must not be negative") }
                defaults.maxRetries = retries
            default:
                throw Problem(location: field.keyLocation, message: "unknown key '\(field.key)' in defaults")
            }
        }
        return defaults
    }

    private static func positive(_ number: Int, _ node: YAMLNode, _ what: String) throws(Problem) -> Int {
        guard number > 0 else { throw node.fail("\(what) must be at least 1") }
        return number
    }

    private static func readEvaluator(_ entry: YAMLNode.Entry) throws(Problem) -> EvaluatorConfig {
        var kind: String?
        var settings: [String: JSONValue] = [:]
        for field in try entry.value.mapping("evaluator '\(entry.key)'") {
            if field.key == "kind" {
                kind = try field.value.string("kind")
            } else {
                settings[field.key] = field.value.json
            }
        }
        guard let kind else { throw entry.value.fail("evaluator '\(entry.key)' needs a kind") }
        return EvaluatorConfig(name: entry.key, kind: kind, settings: settings, location: entry.keyLocation)
    }

    private static func readVerdict(_ node: YAMLNode) throws(Problem) -> VerdictPolicy {
        var policy = VerdictPolicy()
        for field in try node.mapping("verdict") {
            let value = field.value
            switch field.key {
            case "min_effect":
                policy.minEffect = try value.double("min_effect")
                guard (0..<1).contains(policy.minEffect) else {
                    throw value.fail("min_effect must be at least 0 and below 1")
                }
            case "confidence":
                policy.confidence = try value.double("confidence")
                guard policy.confidence > 0.5, policy.confidence < 1 else {
                    throw value.fail("confidence must be above 0.5 and below 1")
                }
            case "resamples":
                policy.resamples = try positive(value.int("resamples"), value, "resamples")
            case "seed":
                policy.seed = UInt64(max(0, try value.int("seed")))
            case "sequential":
                policy.sequential = try value.bool("sequential")
            case "min_labels":
                policy.minLabels = try positive(value.int("min_labels"), value, "min_labels")
            case "min_kappa":
                policy.minKappa = try value.double("min_kappa")
                guard (-1...1).contains(policy.minKappa) else { throw value.fail("min_kappa must be between -1 and 1") }
            default:
                throw Problem(
                    location: field.keyLocation,
                    message:
                        "unknown key '\(field.key)' in verdict; expected min_effect, confidence, resamples, seed, sequential, min_labels or min_kappa"
                )
            }
        }
        return policy
    }

    /// Every model must name a configured or built-in provider.
    private func validateModels(_ root: YAMLNode) throws(Problem) {
        for entry in root["models"]?.entries ?? [] {
            guard let model = models[entry.key], providers[model.provider] == nil else { continue }
            let known = providers.keys.sorted().joined(separator: ", ")
            throw (entry.value["provider"] ?? entry.value).fail(
                "model '\(entry.key)' names provider '\(model.provider)', which is not configured (known: \(known))")
        }
    }

    /// The price of a configured model name or a `provider/model` reference: the config's
    /// price first, then the built-in table.
    public func price(provider: String, model: String) -> ModelPrice? {
        if let configured = models.values.first(where: { $0.provider == provider && $0.model == model })?.price {
            return configured
        }
        return PriceTable.price(provider: provider, model: model)
    }

    /// The models a run or a judge uses, by one rule everywhere: the ones asked for (the
    /// `--model` flags, a judge evaluator's `model`), else the defaults of what is run (the
    /// prompt's or rubric's `model:`, the experiment's models), else `defaults.model`.
    public func modelReferences(requested: [String], defaults: [String]) -> [String] {
        !requested.isEmpty ? requested : !defaults.isEmpty ? defaults : [self.defaults.model].compactMap { $0 }
    }
}
