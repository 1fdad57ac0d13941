"""`promptexp prompt log` on a prompt with 1,000 versions in a repository of 5,000 commits,
beside `git log --format=%H -- PATH` on the same repository, in the same run."""
import os
import shutil
import subprocess
import tempfile

from benchlib import binary, report, time_command

COMMITS = 5000
EVERY = 5  # the prompt changes in every 5th commit: 1,000 versions


def build_repository(root):
    subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
    lines = []
    mark_of_previous = None
    for index in range(COMMITS):
        files = {}
        if index % EVERY == 0:
            files["prompts/bench/target.prompt"] = (
                f"---\ndescription: version {index // EVERY + 1}\ntags: [v{index // EVERY}]\n---\n"
                f"system:\nYou are assistant number {index}.\nuser:\n{{{{question}}}}\n")
        files[f"src/file{index % 97}.txt"] = f"content {index}\n"
        lines.append("commit refs/heads/main")
        lines.append(f"mark :{index + 1}")
        stamp = 1_700_000_000 + index * 60
        lines.append(f"author Bench <bench@example.com> {stamp} +0000")
        lines.append(f"committer Bench <bench@example.com> {stamp} +0000")
        message = f"commit {index}"
        lines.append(f"data {len(message)}")
        lines.append(message)
        if mark_of_previous:
            lines.append(f"from :{mark_of_previous}")
        for path, text in files.items():
            data = text.encode()
            lines.append(f"M 100644 inline {path}")
            lines.append(f"data {len(data)}")
            lines.append(text)
        mark_of_previous = index + 1
    stream = ("\n".join(lines) + "\n").encode()
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=stream, check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def main():
    with tempfile.TemporaryDirectory(prefix="promptexp-bench-") as root:
        build_repository(root)
        versions = subprocess.run(
            [binary(), "prompt", "log", "bench/target", "--json"], cwd=root, capture_output=True, check=True, text=True)
        count = versions.stdout.count('"version": "v')
        print(f"prompt log benchmark: {COMMITS} commits, prompt with {count} versions")
        log = [binary(), "prompt", "log", "bench/target"]
        cache = os.path.join(root, ".git", "promptexp")
        # Cold: no history cache, every commit read (the first run after a clone).
        cold, _ = time_command(log, cwd=root, runs=7, prepare=lambda: shutil.rmtree(cache, ignore_errors=True))
        # Warm: the cache in .git/promptexp holds the versions at HEAD (every later run).
        warm, _ = time_command(log, cwd=root)
        git, _ = time_command(["git", "log", "--format=%H", "--", "prompts/bench/target.prompt"], cwd=root)
        report("git log --format=%H -- PATH (median)", git * 1000, "ms")
        report("promptexp prompt log, cold (median)", cold * 1000, "ms")
        report("promptexp prompt log, warm (median)", warm * 1000, "ms")
        report("promptexp / git, cold", cold / git, "x")
        report("promptexp / git, warm", warm / git, "x", target=1.0)


if __name__ == "__main__":
    main()
