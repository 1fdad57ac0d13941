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

#endif
