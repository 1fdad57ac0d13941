#!/usr/bin/env bash
# The action's check step: promptexp check against $PROMPTEXP_BASE, the Markdown report
# for the comment, then the HTML report (answers come from the cache the first run
# filled: it costs nothing). Writes status, report and html to $GITHUB_OUTPUT; always
# exits 0, so the comment is posted before the last step fails the job.
set -uo pipefail
base="${PROMPTEXP_BASE:?the old side}"
read -r -a extra <<<"${PROMPTEXP_ARGS:-}"
git config --global --add safe.directory "$(pwd)" 2>/dev/null || true
promptexp check --base "$base" --format markdown --out promptexp-report.md "${extra[@]}"
status=$?
echo "status=$status" >>"${GITHUB_OUTPUT:?}"
if [ -f promptexp-report.md ]; then
    echo "report=promptexp-report.md" >>"$GITHUB_OUTPUT"
    if promptexp check --base "$base" --format html --out promptexp-report.html --quiet "${extra[@]}" >/dev/null; then
        echo "html=promptexp-report.html" >>"$GITHUB_OUTPUT"
    elif [ -f promptexp-report.html ]; then
        echo "html=promptexp-report.html" >>"$GITHUB_OUTPUT"
    fi
    cat promptexp-report.md >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
fi
exit 0
