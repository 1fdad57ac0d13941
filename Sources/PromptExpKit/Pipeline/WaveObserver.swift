/// What a person sees of one wave of a sequential run: the progress of its calls, as the
/// run's own observer shows them, without asking again (the whole run was asked about
/// once), without the summary (shown once, for the last wave) and, after the first wave,
/// without the notes and the "resuming" line every wave would repeat (a later wave finds
/// the earlier waves' calls in the journal: that is no resumption).
struct WaveObserver: RunObserver {
    let base: any RunObserver
    let isFirst: Bool

    var control: RunControl { base.control }
    var asksFirst: Bool { false }

    func warning(_ message: String) { if isFirst { base.warning(message) } }
    func sending(_ job: RunJob) { base.sending(job) }
    func ended(_ job: RunJob) { base.ended(job) }
    func runEvent(_ event: RunEvent) {
        switch event {
        case .warning, .resuming: if isFirst { base.runEvent(event) }
        default: base.runEvent(event)
        }
    }
}
