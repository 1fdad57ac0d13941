"""The action's comment step: posts the Markdown report on the pull request as one
comment, marked, and updates that comment on later runs instead of adding another.

Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), PROMPTEXP_PULL_REQUEST (its
number), PROMPTEXP_REPORT (the Markdown file), GITHUB_API_URL (default api.github.com)."""
import json
import os
import sys
import urllib.request

MARKER = "<!-- promptexp-check -->"
LIMIT = 65_000  # GitHub refuses comments over 65,536 characters


def call(method, url, body=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Authorization", "Bearer " + os.environ["GITHUB_TOKEN"])
    request.add_header("Accept", "application/vnd.github+json")
    request.add_header("X-GitHub-Api-Version", "2022-11-28")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null"), response.headers.get("Link", "")


def next_page(link):
    for part in link.split(","):
        if 'rel="next"' in part:
            return part[part.index("<") + 1 : part.index(">")]
    return None


def main():
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com")
    repository = os.environ["GITHUB_REPOSITORY"]
    number = os.environ["PROMPTEXP_PULL_REQUEST"]
    with open(os.environ["PROMPTEXP_REPORT"], encoding="utf-8") as f:
        report = f.read()
    if len(report) > LIMIT:
        report = report[:LIMIT] + "\n\n… cut to fit a comment: the whole report is in the job's artifacts.\n"
    body = MARKER + "\n" + report
    url = f"{api}/repos/{repository}/issues/{number}/comments?per_page=100"
    mine = None
    while url and mine is None:
        comments, link = call("GET", url)
        mine = next((c for c in comments if (c.get("body") or "").startswith(MARKER)), None)
        url = next_page(link)
    if mine:
        call("PATCH", f"{api}/repos/{repository}/issues/comments/{mine['id']}", {"body": body})
        print(f"updated the promptexp comment on #{number}")
    else:
        call("POST", f"{api}/repos/{repository}/issues/{number}/comments", {"body": body})
        print(f"posted the promptexp comment on #{number}")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the report is still in the job summary and the artifacts
        print(f"error: could not post the comment: {error}", file=sys.stderr)
        sys.exit(1)
