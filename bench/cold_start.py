"""Cold start of the release binary: `promptexp --help`."""
from benchlib import binary, report, time_command


def main():
    median, fastest = time_command([binary(), "--help"], runs=50, warmup=3)
    report("promptexp --help (median)", median * 1000, "ms", target=20)
    report("promptexp --help (fastest)", fastest * 1000, "ms")


if __name__ == "__main__":
    main()
