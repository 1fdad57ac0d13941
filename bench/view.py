"""The experiment page on a large run (issue: review at a glance): an experiment over
ROWS rows through the mock provider, then `promptexp view` and its endpoints timed as the
page calls them, and, where headless Chromium and selenium are installed, the time until
the page has painted its first rows.

  python3 bench/view.py [ROWS]      (default 100,000 rows)

The rows endpoint pages from an index made once per run. The server makes it, and the
full comparison, in the background as it starts: the first page asked at once waits for
that making (never a second one); the bench then reports when the comparison is ready,
counted from the server's start."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from benchlib import binary, report
from scale import make_project


def timed_get(url, token):
    request = urllib.request.Request(url, headers={"X-Promptexp-Token": token})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        body = response.read()
    return time.perf_counter() - start, json.loads(body)


def first_paint(page):
    """Milliseconds until the experiment page painted its first rows, or None."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        return None
    if not os.path.exists("/usr/bin/chromium"):
        return None
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1440,1000"]:
        options.add_argument(flag)
    browser = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    try:
        browser.get(page)
        WebDriverWait(browser, 600).until(lambda b: b.execute_script("return window.promptexpFirstRows"))
        return browser.execute_script("return window.promptexpFirstRows")
    finally:
        browser.quit()


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"{rows:,} rows, mock provider: the experiment page")
    with tempfile.TemporaryDirectory(prefix="promptexp-bench-view-") as root:
        make_project(root, rows)
        run = lambda *arguments: subprocess.run([binary(), *arguments], cwd=root, check=True, stdout=subprocess.DEVNULL)
        run("exp", "new", "big", "--prompt", "bench")
        path = os.path.join(root, "prompts", "bench.prompt")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace("Answer briefly.", "Answer in one short sentence."))
        run("exp", "run", "--yes", "--quiet")
        started = time.perf_counter()
        view = subprocess.Popen([binary(), "view"], cwd=root, stdout=subprocess.PIPE, text=True)
        try:
            line = view.stdout.readline()
            url = re.search(r"(http://\S+)", line).group(1)
            base, token = url.split("/?token=")
            api = f"{base}/api"
            seconds, _ = timed_get(f"{api}/prompts", token)
            report("the prompt list, asked while the server warms the run up", seconds * 1000, "ms", target=500)
            seconds, page = timed_get(f"{api}/rows?experiment=big&offset=0&limit=50&filter=&q=&model=&sort=change", token)
            report("first page of rows, worst change first, asked at start (waits for the index)", seconds * 1000, "ms")
            seconds, _ = timed_get(f"{api}/rows?experiment=big&offset=50&limit=50&filter=changed&q=&model=&sort=row", token)
            report("a later page, filtered (from the index)", seconds * 1000, "ms", target=500)
            seconds, _ = timed_get(f"{api}/overview?experiment=big", token)
            report("overview (counts, chart, what stops a promotion)", seconds * 1000, "ms")
            timed_get(f"{api}/report?experiment=big", token)
            report("the full comparison ready, counted from the server's start", (time.perf_counter() - started) * 1000, "ms")
            seconds, _ = timed_get(f"{api}/report?experiment=big", token)
            report("the full comparison once made (kept)", seconds * 1000, "ms")
            painted = first_paint(f"{url}#/experiment/big")
            if painted is not None:
                report("time to first rows painted, in Chromium", painted, "ms", target=2000)
            assert page["total"] == rows, page["total"]
        finally:
            view.terminate()
            view.wait()


if __name__ == "__main__":
    main()
