/// Why a run ended before every call was made.
public enum RunStop: Hashable, Sendable {
    case budget(limit: Double, spent: Double)
    case interrupted
    /// The provider refused the run itself, not one call: a wrong or missing key (401,
    /// 403) or a model it does not have (404). Every other call would fail the same way,
    /// so the run stops at the first such answer, and nothing is committed.
    case refused(provider: String, status: Int, message: String, keyVariable: String?)
}
