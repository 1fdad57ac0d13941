"""How well the verdict tells a real drop from noise, through the built binary.

Each trial commits a support prompt and stages a candidate, then runs
`promptexp check --staged --format json` over a dataset of N rows through the mock
provider. The evaluator passes when the answer names the customer. Both versions answer
a share NOISE of requests badly at random (independently per version, as sampling noise
would); in the "drop" scenario the candidate also answers a share DEGRADE of rows badly,
so its pass rate is 10 points lower. Prints the share of trials whose verdict was
"regressed": the detection rate (drop) and the false-alarm rate (no change)."""
import json
import os
import subprocess
import sys
import tempfile

from benchlib import binary

TRIALS = int(os.environ.get("VERDICT_TRIALS", "100"))
SIZES = (50, 200)
NOISES = (0.0, 0.05)
DROP = 0.10


def prompt(params):
    rendered = ", ".join(f"{key}: {value}" for key, value in params.items())
    return ("---\nmodel: mock/echo\n"
            f"params: {{{rendered}}}\n"
            "tests:\n  dataset: datasets/rows.jsonl\n  evaluators: [names-customer]\n---\n"
            "system:\nYou are a support agent.\nuser:\n{{customer}} asks: {{question}}\n")


def trial(root, git, seed, noise, drop):
    base = {"mock_noise": noise, "mock_seed": 2 * seed}
    candidate = {"mock_noise": noise, "mock_seed": 2 * seed + 1}
    if drop:
        # Degraded rows are also hit by noise sometimes: scale so the pass rate drops by DROP.
        candidate.update({"mock_degrade": round(DROP / (1 - noise), 4), "mock_degrade_seed": seed})
    path = os.path.join(root, "prompts", "reply.prompt")
    with open(path, "w") as f:
        f.write(prompt(base))
    subprocess.run(git + ["commit", "-q", "-am", f"base {seed}"], cwd=root, check=True)
    with open(path, "w") as f:
        f.write(prompt(candidate))
    subprocess.run(git + ["add", "-A"], cwd=root, check=True)
    result = subprocess.run([binary(), "check", "--staged", "--quiet", "--format", "json"], cwd=root,
                            capture_output=True, text=True)
    if result.returncode not in (0, 2):
        sys.exit(f"check failed: {result.stderr}")
    return json.loads(result.stdout)["verdict"] == "regressed"


def main():
    print(f"verdicts over {TRIALS} seeded trials per cell (mock provider; a {DROP:.0%} pass-rate drop, or none)")
    print(f"{'rows':>6} {'noise':>6} {'detection':>10} {'false alarms':>13}")
    for size in SIZES:
        with tempfile.TemporaryDirectory(prefix="promptexp-bench-verdicts-") as root:
            subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
            for folder in ("prompts", "datasets", ".promptexp"):
                os.makedirs(os.path.join(root, folder))
            with open(os.path.join(root, "datasets", "rows.jsonl"), "w") as f:
                for index in range(size):
                    f.write(json.dumps({"id": f"r{index}", "customer": f"Customer{index}", "question": f"where is parcel {index}?"}) + "\n")
            with open(os.path.join(root, ".promptexp", "config.yaml"), "w") as f:
                f.write("evaluators:\n  names-customer:\n    kind: contains\n    value: \"{{customer}}\"\n")
            with open(os.path.join(root, "prompts", "reply.prompt"), "w") as f:
                f.write(prompt({"mock_seed": 0}))
            git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
            subprocess.run(git + ["add", "-A"], cwd=root, check=True)
            subprocess.run(git + ["commit", "-q", "-m", "start"], cwd=root, check=True)
            for noise in NOISES:
                detected = sum(trial(root, git, seed, noise, True) for seed in range(TRIALS))
                alarms = sum(trial(root, git, 10_000 + seed, noise, False) for seed in range(TRIALS))
                line = f"{size:>6} {noise:>6.2f} {detected / TRIALS:>10.1%} {alarms / TRIALS:>13.1%}"
                if size == 200:
                    line += f"   targets: detection ≥ 95% {'met' if detected / TRIALS >= 0.95 else 'MISSED'},"
                    line += f" false alarms ≤ 5% {'met' if alarms / TRIALS <= 0.05 else 'MISSED'}"
                print(line, flush=True)


if __name__ == "__main__":
    main()
