#ifndef PROMPTEXP_CLIBGIT2_SHIM_H
#define PROMPTEXP_CLIBGIT2_SHIM_H

// The one header Swift sees of libgit2. git_libgit2_opts is variadic, which Swift cannot
// call: an option we come to need gets a fixed-signature `static inline` wrapper here.
#include <git2.h>

#endif
