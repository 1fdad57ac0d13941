/// What a person sees of one wave of a sequential run: the progress of its calls, as the
/// run's own observer shows them, without asking again (the whole run was asked about
/// once), without the start and end of sending and the summary (once for the whole run,
/// so a stop asked for between two waves stops the next) and, after the first wave,
/// without the notes and the "resuming" line every wave would repeat (a later wave finds
/// the earlier waves' calls in the journal: that is no resumption).
struct WaveObserver: RunObserver {
    let base: any RunObserver
    let isFirst: Bool

    var control: RunControl { base.control }
    var asksFirst: Bool { false }

    func warning(_ message: String) { if isFirst { base.warning(message) } }
    func runEvent(_ event: RunEvent) {
        switch event {
        case .warning, .resuming: if isFirst { base.runEvent(event) }
        default: base.runEvent(event)
        }
    }
}
