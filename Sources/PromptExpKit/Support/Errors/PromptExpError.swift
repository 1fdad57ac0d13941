/// The errors promptexp reports to a person as one line (or a short block): every area's
/// error type declares the conformance itself, so the command line can tell them from usage errors.
public protocol PromptExpError: Error, CustomStringConvertible {}
