"""The runner's benchmarks (issue: providers and the runner):
- 2,000 calls against the fake provider server at 100 ms a call, concurrency 50:
  the physical limit is 2000 / 50 x 0.1 s = 4.0 s;
- a rerun of 10,000 rows that are all cache hits;
- 1,000,000 rows through the mock provider with no latency: peak memory and rate."""
import json
import os
import resource
import subprocess
import tempfile
import time

from benchlib import binary, report

FAKE_SERVER = os.environ.get("PROMPTEXP_FAKE_SERVER", ".build/release/promptexp-fake-server")


def start_server(delay_ms):
    server = subprocess.Popen([FAKE_SERVER, "--delay-ms", str(delay_ms)], stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline().strip()
    return server, int(line.split()[1])


def make_project(root, rows, port):
    subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
    os.makedirs(os.path.join(root, "prompts"))
    os.makedirs(os.path.join(root, "datasets"))
    os.makedirs(os.path.join(root, ".promptexp"))
    with open(os.path.join(root, "prompts", "bench.prompt"), "w") as f:
        f.write("---\nparams: {max_tokens: 20}\n---\nsystem:\nAnswer briefly.\nuser:\n{{question}}\n")
    with open(os.path.join(root, "datasets", "bench.jsonl"), "w") as f:
        for index in range(rows):
            f.write(json.dumps({"id": f"r{index}", "question": f"What is {index} times {index + 1}?"}) + "\n")
    with open(os.path.join(root, ".promptexp", "config.yaml"), "w") as f:
        f.write(
            "providers:\n  fake:\n    kind: openai\n    base_url: http://127.0.0.1:%d/v1\n"
            "models:\n  fake:\n    provider: fake\n    input_per_million: 0\n    output_per_million: 0\n"
            "defaults:\n  timeout_seconds: 60\n" % port)


def timed_run(root, arguments):
    """Wall time, CPU time and peak RSS (KiB) of one promptexp run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen([binary()] + arguments, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if process.returncode not in (None, 0) and usage is None:
        raise SystemExit(process.stderr.read())
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss


def concurrency_bench():
    server, port = start_server(100)
    try:
        with tempfile.TemporaryDirectory(prefix="promptexp-bench-run-") as root:
            make_project(root, 2000, port)
            wall, cpu, rss = timed_run(root, [
                "run", "bench", "--dataset", "bench", "--model", "fake", "--concurrency", "50", "--no-cache", "--quiet",
                "--out", "out.jsonl"])
            lines = sum(1 for _ in open(os.path.join(root, "out.jsonl")))
            print(f"2,000 calls at 100 ms, concurrency 50 ({lines} results)")
            report("wall time", wall, "s")
            report("wall time / physical limit (4.0 s)", wall / 4.0, "x", target=1.05)
            report("CPU time per call", cpu / 2000 * 1e6, "µs", target=50)
            report("peak memory", rss / 1024, "MiB")
    finally:
        server.kill()


def cache_bench():
    server, port = start_server(0)
    try:
        with tempfile.TemporaryDirectory(prefix="promptexp-bench-cache-") as root:
            make_project(root, 10_000, port)
            arguments = ["run", "bench", "--dataset", "bench", "--model", "fake", "--concurrency", "32", "--quiet",
                         "--out", "out.jsonl"]
            timed_run(root, arguments)
            wall, cpu, rss = timed_run(root, arguments)
            print("rerun of 10,000 rows, all cache hits")
            report("wall time", wall, "s", target=0.5)
            report("peak memory", rss / 1024, "MiB")
    finally:
        server.kill()


def mock_bench():
    rows = 1_000_000
    with tempfile.TemporaryDirectory(prefix="promptexp-bench-mock-") as root:
        make_project(root, rows, 9)
        wall, cpu, rss = timed_run(root, [
            "run", "bench", "--dataset", "bench", "--model", "mock/echo", "--concurrency", "8", "--quiet",
            "--out", "out.jsonl"])
        print(f"{rows:,} rows through the mock provider, no latency")
        report("wall time", wall, "s")
        report("rows per second", rows / wall, "rows/s", better="higher")
        report("peak memory", rss / 1024, "MiB", target=64)


if __name__ == "__main__":
    concurrency_bench()
    cache_bench()
    mock_bench()
