"""Past one machine (issue: batch engines and shards):
- 100,000 calls split in 4 shards against the fake provider server, then merged: the
  merge's time and peak memory, and its file compared byte for byte with one machine's
  (the shards answer from the cache the single run filled, so the answers, latencies
  included, are the same ones);
- 200,000 requests through the fake server's OpenAI batch API: the submit (split into
  batches of 50,000) and the collect-and-finish run, times and peak memory."""
import json
import os
import subprocess
import sys
import tempfile

from benchlib import binary, report
from runner import make_project, start_server, timed_run

FAKE_SERVER = os.environ.get("PROMPTEXP_FAKE_SERVER", ".build/release/promptexp-fake-server")


def git(root, *arguments):
    subprocess.run(["git", "-C", root, *arguments], check=True, stdout=subprocess.DEVNULL)


def shards_bench(rows=100_000, shards=4):
    server, port = start_server(0)
    try:
        with tempfile.TemporaryDirectory(prefix="promptexp-bench-shards-") as root:
            make_project(root, rows, port)
            common = ["run", "bench", "--dataset", "bench", "--model", "fake", "--concurrency", "32", "--quiet"]
            single_wall, _, single_rss = timed_run(root, common + ["--out", "single.jsonl"])
            print(f"{rows:,} calls in {shards} shards, fake server")
            report("one machine: wall time", single_wall, "s")
            report("one machine: peak memory", single_rss / 1024, "MiB")
            shard_walls = []
            for index in range(1, shards + 1):
                wall, _, _ = timed_run(root, common + ["--shard", f"{index}/{shards}", "--out", "merged.jsonl"])
                shard_walls.append(wall)
            sizes = []
            for index in range(1, shards + 1):
                with open(os.path.join(root, f"merged.shard-{index}-of-{shards}.jsonl")) as f:
                    sizes.append(sum(1 for _ in f) - 1)
            print(f"  calls per shard: {', '.join(f'{size:,}' for size in sizes)}")
            report("slowest shard (answers from the cache): wall time", max(shard_walls), "s")
            wall, _, rss = timed_run(root, common + ["--merge", "--out", "merged.jsonl"])
            report("merge: wall time", wall, "s")
            report("merge: peak memory", rss / 1024, "MiB", target=64)
            with open(os.path.join(root, "single.jsonl"), "rb") as a, open(os.path.join(root, "merged.jsonl"), "rb") as b:
                identical = a.read() == b.read()
            print(f"  merged file byte-identical to one machine's: {'yes' if identical else 'NO'}")
            if not identical:
                sys.exit(1)
    finally:
        server.kill()


def batch_bench(rows=200_000):
    server = subprocess.Popen([FAKE_SERVER, "--batch-polls", "0"], stdout=subprocess.PIPE, text=True)
    port = int(server.stdout.readline().split()[1])
    try:
        with tempfile.TemporaryDirectory(prefix="promptexp-bench-batch-") as root:
            make_project(root, rows, port)
            common = ["run", "bench", "--dataset", "bench", "--model", "fake", "--quiet", "--out", "out.jsonl"]
            wall, _, rss = timed_run(root, common + ["--batch"])
            ledgers = os.path.join(root, ".git", "promptexp", "batches")
            ledger = next(name for name in os.listdir(ledgers) if name.endswith(".json"))
            with open(os.path.join(ledgers, ledger)) as f:
                batches = json.load(f)["batches"]
            print(f"{rows:,} requests through the fake OpenAI batch API")
            counts = ", ".join(f"{batch['requests']:,}" for batch in batches)
            print(f"  split: {len(batches)} batches of {counts} requests")
            report("submit: wall time", wall, "s")
            report("submit: peak memory", rss / 1024, "MiB")
            wall, _, rss = timed_run(root, common)
            with open(os.path.join(root, "out.jsonl")) as f:
                lines = sum(1 for _ in f)
            report("collect and finish: wall time", wall, "s")
            report("collect and finish: peak memory", rss / 1024, "MiB")
            print(f"  results lines: {lines:,}")
    finally:
        server.kill()


if __name__ == "__main__":
    shards_bench(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
    batch_bench(int(sys.argv[2]) if len(sys.argv) > 2 else 200_000)
