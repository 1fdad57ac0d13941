"""Small helpers shared by the benchmarks: timing commands and printing figures."""
import os
import statistics
import subprocess
import time


def binary():
    return os.environ.get("PROMPTEXP_BINARY", ".build/release/promptexp")


def time_command(argv, cwd=None, runs=15, warmup=2, prepare=None):
    """Median and minimum wall time of a command, in seconds, output discarded.
    `prepare` runs before every run, untimed."""
    for _ in range(warmup):
        if prepare:
            prepare()
        subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    samples = []
    for _ in range(runs):
        if prepare:
            prepare()
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), min(samples)


def report(name, value, unit, target=None, better="lower"):
    line = f"{name:<52} {value:>10.2f} {unit}"
    if target is not None:
        ok = value <= target if better == "lower" else value >= target
        line += f"   target {'≤' if better == 'lower' else '≥'} {target:g} {unit}: {'met' if ok else 'MISSED'}"
    print(line, flush=True)
