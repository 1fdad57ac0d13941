/*
 * GSSAPI (Kerberos) as absent, for the static promptexp binary. libgit2 calls these only
 * for HTTP "Negotiate" authentication to a remote, which promptexp never does (all its git
 * work is on the local repository), and Debian ships no static libgssapi_krb5 to link
 * instead. Every call fails with GSS_S_FAILURE, so libgit2 sees Negotiate as unavailable.
 * scripts/build-release compiles this into the static link; nothing else links it.
 */
#include <stdint.h>
#include <stddef.h>

typedef uint32_t OM_uint32;
static const OM_uint32 failure = 13u << 16; /* GSS_S_FAILURE */

struct gss_oid_desc { OM_uint32 length; void *elements; };
static struct gss_oid_desc hostbased_service = { 0, NULL };
struct gss_oid_desc *GSS_C_NT_HOSTBASED_SERVICE = &hostbased_service;

static OM_uint32 fail(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return failure;
}

OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, void *mech, OM_uint32 *context, void *out) {
    (void)status; (void)type; (void)mech; (void)out;
    if (context) *context = 0;
    return fail(minor);
}
OM_uint32 gss_release_buffer(OM_uint32 *minor, void *buffer) { (void)buffer; return fail(minor); }
OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void *context, void *out) { (void)context; (void)out; return fail(minor); }
OM_uint32 gss_import_name(OM_uint32 *minor, void *name, void *type, void *out) { (void)name; (void)type; (void)out; return fail(minor); }
OM_uint32 gss_release_name(OM_uint32 *minor, void *name) { (void)name; return fail(minor); }
OM_uint32 gss_init_sec_context(OM_uint32 *minor, void *credential, void *context, void *target, void *mech,
    OM_uint32 flags, OM_uint32 time, void *bindings, void *input, void *actual, void *output, OM_uint32 *returned,
    OM_uint32 *valid) {
    (void)credential; (void)context; (void)target; (void)mech; (void)flags; (void)time; (void)bindings;
    (void)input; (void)actual; (void)output; (void)returned; (void)valid;
    return fail(minor);
}
OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void *out) { (void)out; return fail(minor); }
OM_uint32 gss_release_oid_set(OM_uint32 *minor, void *set) { (void)set; return fail(minor); }
