"""Memory at scale (issue: safety): an experiment over a large dataset with two
deterministic evaluators, through the mock provider, so what is measured is promptexp
itself. Peak memory must stay flat in the number of rows.

  python3 bench/scale.py [ROWS] [--no-views]      (default 1,000,000 rows)

For `run`, `exp run`, a rerun that changes nothing, `exp show --changed` and the HTML
report: wall time, rows per second and peak RSS."""
import json
import os
import subprocess
import sys
import tempfile

from benchlib import binary, report
from runner import timed_run

PROMPT = """---
model: mock/echo
tests:
  dataset: datasets/bench.jsonl
  evaluators: [not-empty, short, mentions-number]
---
system:
Answer briefly.
user:
{{question}}
"""

CONFIG = """evaluators:
  short: {kind: length, max_words: 60}
  mentions-number: {kind: contains, value: "{{n}}"}
defaults:
  concurrency: 8
"""


def make_project(root, rows):
    subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
    for folder in ("prompts", "datasets", ".promptexp"):
        os.makedirs(os.path.join(root, folder))
    with open(os.path.join(root, "prompts", "bench.prompt"), "w") as f:
        f.write(PROMPT)
    with open(os.path.join(root, "datasets", "bench.jsonl"), "w") as f:
        for index in range(rows):
            f.write(json.dumps({"id": f"r{index}", "question": f"What is {index} times 2?", "n": str(index)}) + "\n")
    with open(os.path.join(root, ".promptexp", "config.yaml"), "w") as f:
        f.write(CONFIG)
    with open(os.path.join(root, ".gitignore"), "w") as f:
        f.write(".promptexp/cache/\n.promptexp/runs/\n")
    git = ["git", "-C", root, "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "bench project"], check=True)
    subprocess.run(["git", "-C", root, "config", "user.name", "Bench"], check=True)
    subprocess.run(["git", "-C", root, "config", "user.email", "bench@example.com"], check=True)


def measure(label, root, arguments, rows, target=None):
    wall, _, rss = timed_run(root, arguments)
    print(label)
    report("  wall time", wall, "s")
    report("  rows per second", rows / wall, "rows/s", better="higher")
    report("  peak memory", rss / 1024, "MiB", target=target)


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    views = "--no-views" not in sys.argv
    print(f"{rows:,} rows, two deterministic evaluators and not-empty, mock provider")
    with tempfile.TemporaryDirectory(prefix="promptexp-bench-scale-") as root:
        make_project(root, rows)
        measure("run", root, ["run", "bench", "--quiet", "--no-cache"], rows, target=96)
        subprocess.run([binary(), "exp", "new", "scale", "--prompt", "bench"], cwd=root, check=True,
                       stdout=subprocess.DEVNULL)
        path = os.path.join(root, "prompts", "bench.prompt")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace("Answer briefly.", "Answer in one short sentence."))
        measure("exp run (base and candidate, scored, compared, committed)", root,
                ["exp", "run", "--quiet", "--no-cache"], rows, target=96)
        measure("exp run again (nothing changed)", root, ["exp", "run", "--quiet", "--no-cache"], rows, target=96)
        if views:
            measure("exp show --changed", root, ["exp", "show", "--changed", "--no-pager"], rows)
            measure("report --format html", root, ["report", "scale", "--format", "html", "--out", "report.html"], rows)


if __name__ == "__main__":
    main()
