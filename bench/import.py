"""`dataset import` over a Helicone export of 1,000,000 requests: lines per second and the
importer's peak memory (its maximum resident set size), which must stay flat: 64 MB or less."""
import json
import os
import resource
import subprocess
import tempfile
import time

from benchlib import binary, report

LINES = int(os.environ.get("IMPORT_LINES", "1000000"))
PROMPT = "---\ntags: [production]\n---\nsystem:\nYou are a {{tone}} support agent.\nuser:\n{{customer}} wrote:\n{{ticket}}\n"
TONES = ["friendly", "formal", "calm"]


def main():
    with tempfile.TemporaryDirectory(prefix="promptexp-bench-import-") as root:
        subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
        os.makedirs(os.path.join(root, "prompts"))
        with open(os.path.join(root, "prompts", "reply.prompt"), "w") as f:
            f.write(PROMPT)
        log = os.path.join(root, "helicone.jsonl")
        with open(log, "w") as f:
            for index in range(LINES):
                tone = TONES[index % 3]
                messages = [
                    {"role": "system", "content": f"You are a {tone} support agent."},
                    {"role": "user", "content": f"Customer{index} wrote:\nMy parcel {index} has not arrived yet, can you check?"},
                ]
                f.write(json.dumps({
                    "request_id": f"req-{index}", "request_body": {"model": "gpt-4o-mini", "messages": messages},
                    "response_body": {"choices": [{"message": {"role": "assistant", "content": f"Sorry about parcel {index}!"}}]},
                    "request_properties": {"env": "prod"}, "prompt_tokens": 40, "completion_tokens": 8,
                    "delay_ms": 700 + index % 300, "costUSD": 0.00001,
                }) + "\n")
        size = os.path.getsize(log)
        start = time.perf_counter()
        subprocess.run([binary(), "dataset", "import", log, "--prompt", "reply", "-o", "imported", "--quiet"],
                       cwd=root, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB → MiB
        rows = sum(1 for _ in open(os.path.join(root, "datasets", "imported.jsonl")))
        print(f"dataset import of a Helicone export: {LINES:,} lines, {size / 2**20:.0f} MiB, {rows:,} rows written")
        report("lines per second", LINES / elapsed, "lines/s")
        report("peak memory (maximum resident set)", peak, "MiB", target=64)


if __name__ == "__main__":
    main()
