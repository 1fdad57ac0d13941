/// What batch mode reports as it goes, for the command line to show.
public enum BatchEvent: Sendable {
    case submitted(id: String, provider: String, model: String, requests: Int)
    /// A submission cut short before its id was recorded was found at the provider.
    case recovered(id: String, label: String)
    /// A batch found that way turned out to hold another submission's requests: given back.
    case notOurs(id: String, label: String)
    case waiting(BatchStatus)
    case collected(id: String, answered: Int, failed: Int)
}
