#ifndef PROMPTEXP_CLIBGIT2_SHIM_H
#define PROMPTEXP_CLIBGIT2_SHIM_H

// The one header Swift sees of libgit2. git_libgit2_opts is variadic, which Swift cannot
// call: each option we use gets a fixed-signature `static inline` wrapper here.
#include <git2.h>

/// Sets where libgit2 looks for the global, XDG or system config file (`level` is a
/// git_config_level_t); tests point it at an empty folder so no developer's config leaks in.
static inline int promptexp_git_set_config_search_path(int level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

/// Turns libgit2's SHA-1 check of every object it reads on or off. git itself does not
/// re-hash objects on read (that is what `git fsck` is for), and the check costs a
/// noticeable share of a long history walk.
static inline int promptexp_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/// Turns libgit2's in-memory object cache on or off. promptexp reads each object once
/// per command, so the cache only costs time to fill and to free.
static inline int promptexp_git_set_caching(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}

#endif
