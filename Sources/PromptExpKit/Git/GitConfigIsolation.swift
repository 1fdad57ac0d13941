internal import CLibGit2
public import Foundation

/// Process-wide control over which config files libgit2 reads besides the repository's own.
public enum GitConfigIsolation {
    /// Makes libgit2 read global, XDG and system config from `folder` instead of the
    /// user's home and /etc. For tests: it affects every repository in the process.
    public static func readConfig(from folder: URL) throws(GitError) {
        GitLibrary.ensureInitialized()
        for level in [GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_SYSTEM] {
            try GitLibrary.check(
                promptexp_git_set_config_search_path(level.rawValue, folder.path), "set the config search path")
        }
    }
}
