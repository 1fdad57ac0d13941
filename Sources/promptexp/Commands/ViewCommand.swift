import ArgumentParser
import Foundation
import PromptExpKit
import PromptExpView

/// `promptexp view`: the repository's prompts, versions, diffs and experiments in a local web page.
struct ViewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Serve a local web page: prompts and their versions, diffs, experiments and every row of their runs.",
        discussion: """
            It binds 127.0.0.1 unless --host says otherwise and prints its URL, which carries a \
            token every request must show; requests naming another host or coming from another \
            origin are refused. Everything it shows is read from git, as the command line reads \
            it. Ctrl-C stops it.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The port (default: a free one).") var port = 0
    @Option(help: "The address to bind.") var host = "127.0.0.1"
    @Flag(help: "Open the page in the default browser (xdg-open).") var open = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be in 0...65535") }
    }

    func run() async throws {
        let project = try global.openProject()
        let console = global.console
        let server = ViewServer(root: project.root, host: host, port: port)
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let wantsBrowser = open
        try await server.run { port in
            let url = "http://\(shownHost):\(port)/?token=\(server.token)"
            console.print("promptexp view: \(url)")
            console.print("Ctrl-C stops it")
            if wantsBrowser { BrowserOpener.open(url) }
        }
    }
}
