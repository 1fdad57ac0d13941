import PromptExpKit

/// A run the page waits on and shows nothing of while it goes (a comparison that only
/// reads what is committed): it asks nothing and can be stopped like any run.
struct QuietObserver: RunObserver {
    let control = RunControl()
}
