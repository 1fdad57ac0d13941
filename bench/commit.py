"""The git part of committing an experiment run of 10,000 results lines: `exp run` with and
without `--no-commit` (the difference is the commit), beside `git add && git commit` of
the same files, in the same run."""
import json
import os
import subprocess
import tempfile
import time

from benchlib import binary, report

ROWS = 5000  # x 2 variants = 10,000 results lines


def timed(argv, cwd):
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    with tempfile.TemporaryDirectory(prefix="promptexp-bench-commit-") as root:
        subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
        for folder in ("prompts", "datasets", ".promptexp"):
            os.makedirs(os.path.join(root, folder))
        with open(os.path.join(root, "prompts", "bench.prompt"), "w") as f:
            f.write("---\ntags: [production]\n---\nuser:\n{{question}}\n")
        with open(os.path.join(root, "datasets", "bench.jsonl"), "w") as f:
            for index in range(ROWS):
                f.write(json.dumps({"id": f"r{index}", "question": f"What is {index} squared?"}) + "\n")
        git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
        subprocess.run(git + ["add", "-A"], cwd=root, check=True)
        subprocess.run(git + ["commit", "-q", "-m", "bench"], cwd=root, check=True)
        subprocess.run(["git", "config", "user.name", "Bench"], cwd=root, check=True)
        subprocess.run(["git", "config", "user.email", "bench@example.com"], cwd=root, check=True)
        subprocess.run([binary(), "exp", "new", "b", "--prompt", "bench", "--dataset", "bench", "--model", "mock/echo"],
                       cwd=root, check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(root, "prompts", "bench.prompt"), "w") as f:
            f.write("---\ntags: [production]\n---\nuser:\nPlease answer: {{question}}\n")
        run = [binary(), "exp", "run", "--quiet"]
        without = min(timed(run + ["--no-commit"], root) for _ in range(3))
        with_commit = timed(run, root)
        # The same files committed by git itself: rewrite them (new content) and time add + commit.
        folder = os.path.join(root, ".promptexp", "experiments", "b")
        lines = sum(1 for _ in open(os.path.join(folder, "results.jsonl")))
        for name in ("results.jsonl", "summary.json", "report.md"):
            with open(os.path.join(folder, name), "a") as f:
                f.write("\n")
        start = time.perf_counter()
        subprocess.run(git + ["add", "-A"], cwd=root, check=True)
        subprocess.run(git + ["commit", "-q", "-m", "git commit of the same files"], cwd=root, check=True)
        git_time = time.perf_counter() - start
        print(f"committing an experiment run ({lines:,} results lines)")
        report("exp run without --no-commit minus with it (the commit)", max(0.0, with_commit - without), "s", target=0.3)
        report("git add && git commit of the same files", git_time, "s")


if __name__ == "__main__":
    main()
