#!/usr/bin/env bash
# The action's first step: which promptexp to install. The `version` input when given,
# else the version in the action's own checkout ($GITHUB_ACTION_PATH/VERSION), which is
# the release the action's tag was cut from. Never `github.action_ref`: the runner leaves
# it empty in composite actions (actions/runner#2473).
#
# Environment: PROMPTEXP_VERSION (the input, may be empty), GITHUB_ACTION_PATH, GITHUB_OUTPUT.
set -euo pipefail
version="${PROMPTEXP_VERSION:-}"
if [ -z "$version" ]; then
    file="${GITHUB_ACTION_PATH:?the folder of the action checkout}/VERSION"
    [ -s "$file" ] || { echo "error: $file is missing: pass the version input (a tag such as v0.1.0)" >&2; exit 1; }
    version="v$(tr -d '[:space:]' <"$file")"
fi
case "$version" in v*) ;; *) version="v$version" ;; esac
echo "promptexp $version" >&2
echo "version=$version" >>"${GITHUB_OUTPUT:?}"
