/// How one call ended.
enum CallResult: Sendable {
    case answered(CachedResponse)
    case reused(CachedResponse)
    case failed(ProviderError, Int)
}
