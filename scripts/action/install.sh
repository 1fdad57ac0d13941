#!/usr/bin/env bash
# The action's install step: puts promptexp on PATH ($GITHUB_PATH). In order: a binary
# already cached under $PROMPTEXP_TOOLS/VERSION; the release tarball of VERSION from
# $PROMPTEXP_REPOSITORY (checked against its .sha256); else a build from the action's own
# checkout (Swift on the runner), kept in the cache for the next run. The release binary
# needs only the C library (libgit2 and the rest are linked in), so nothing is installed on
# the runner; only the build fallback needs libgit2-dev, which scripts/install sees to.
#
# Environment: PROMPTEXP_VERSION (a tag such as v0.1.0), PROMPTEXP_REPOSITORY (owner/name),
# PROMPTEXP_TOOLS (the cache folder), GITHUB_PATH; PROMPTEXP_RELEASES overrides
# https://github.com for tests.
set -euo pipefail
version="${PROMPTEXP_VERSION:?the promptexp version to install}"
tools="${PROMPTEXP_TOOLS:?a folder to install into}"
releases="${PROMPTEXP_RELEASES:-https://github.com}"
target="$tools/$version"
if [ ! -x "$target/bin/promptexp" ]; then
    name="promptexp-${version#v}-linux-$(uname -m)"
    url="$releases/${PROMPTEXP_REPOSITORY:-}/releases/download/$version/$name.tar.gz"
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    if curl -fsSL "$url" -o "$scratch/$name.tar.gz" && curl -fsSL "$url.sha256" -o "$scratch/$name.tar.gz.sha256"; then
        (cd "$scratch" && sha256sum --check --quiet "$name.tar.gz.sha256") || {
            echo "error: $name.tar.gz does not match its .sha256: not installed" >&2
            exit 1
        }
        mkdir -p "$target"
        tar -xzf "$scratch/$name.tar.gz" -C "$target" --strip-components=1
    else
        echo "no release tarball at $url: building promptexp from the action's checkout" >&2
        source="${GITHUB_ACTION_PATH:?}"
        (cd "$source" && scripts/install --prefix "$target")
    fi
fi
"$target/bin/promptexp" --version >&2
echo "$target/bin" >>"${GITHUB_PATH:?}"
