import Foundation

/// Recognises a secret pasted where the config keeps only non-secrets (base URLs, headers,
/// model params), so it is refused before it can be committed, sent in a body or printed.
/// Keys belong in the environment, named by `api_key_env`.
enum SecretGuard {
    /// Names under which keys travel (headers, query items, parameters), compared
    /// case-insensitively with `-` and `_` alike.
    private static let secretNames: Set<String> = [
        "authorization", "proxy_authorization", "x_api_key", "api_key", "apikey", "x_goog_api_key", "key", "token",
        "access_token", "auth_token", "bearer", "secret", "client_secret", "password", "api_secret", "subscription_key",
        "ocp_apim_subscription_key",
    ]

    /// Prefixes of the keys the common providers issue.
    private static let keyPrefixes = ["sk-", "sk_", "AIza", "gsk_", "xai-", "hf_", "r8_", "pplx-", "Bearer "]

    static func isSecretName(_ name: String) -> Bool {
        secretNames.contains(name.lowercased().replacingOccurrences(of: "-", with: "_"))
    }

    /// True for a value that carries a provider key's well-known prefix and is long enough
    /// to be one.
    static func looksLikeKey(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.count >= 20 && keyPrefixes.contains { trimmed.hasPrefix($0) }
    }

    /// Why `url` may not be a base URL, or nil: credentials in its user info, a query item
    /// named like a key, or a part that looks like one. Never quotes the URL.
    static func problem(inBaseURL url: String) -> String? {
        guard let components = URLComponents(string: url) else { return nil }
        if components.user != nil || components.password != nil {
            return "base_url carries credentials (user info); name the key's variable in api_key_env instead"
        }
        for item in components.queryItems ?? [] where isSecretName(item.name) || looksLikeKey(item.value ?? "") {
            return
                "base_url carries a secret in its query ('\(item.name)'); name the key's variable in api_key_env instead"
        }
        if components.path.split(separator: "/").contains(where: { looksLikeKey(String($0)) }) {
            return
                "base_url carries what looks like an API key in its path; name the key's variable in api_key_env instead"
        }
        return nil
    }

    /// The dotted name of the first parameter that carries a secret, or nil.
    static func secretParameter(in params: [String: JSONValue], prefix: String = "params") -> String? {
        for (name, value) in params.sorted(by: { $0.key < $1.key }) {
            let path = "\(prefix).\(name)"
            if isSecretName(name) { return path }
            if let found = secretParameter(in: value, path: path) { return found }
        }
        return nil
    }

    private static func secretParameter(in value: JSONValue, path: String) -> String? {
        switch value {
        case .string(let text): return looksLikeKey(text) ? path : nil
        case .object(let members): return secretParameter(in: members, prefix: path)
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = secretParameter(in: item, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default: return nil
        }
    }
}
