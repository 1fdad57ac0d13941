import Foundation

/// Opens a URL in the desktop's browser with `xdg-open`; where there is none, the printed
/// URL is still there to open by hand.
enum BrowserOpener {
    static func open(_ url: String) {
        let arguments = ["/usr/bin/env", "xdg-open", url]
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/env", nil, nil, cArguments, environ) == 0 else { return }
        // Reaped in the background: xdg-open returns at once, the browser lives on.
        let child = pid
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0, errno == EINTR {}
        }
    }
}
