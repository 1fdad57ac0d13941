/// The errors promptexp reports to a person as one line (or a short block): every area's
/// error type conforms, so the command line can tell them from usage errors.
public protocol PromptExpError: Error, CustomStringConvertible {}

extension GitError: PromptExpError {}
extension PromptError: PromptExpError {}
extension DatasetError: PromptExpError {}
extension ConfigError: PromptExpError {}
extension ProjectError: PromptExpError {}
extension ProcessLock.HeldError: PromptExpError {}
