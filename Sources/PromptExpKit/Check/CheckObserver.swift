/// What `check` shows as it goes: each target as it starts, then its run like any other.
public protocol CheckObserver: RunObserver {
    /// `target` is about to run: its two versions, as `plan` labels them.
    func checking(_ target: CheckTarget, plan: CheckPlan)
}
