"""Reads the HTML report in headless Chromium (selenium + chromedriver) as a reviewer would:
the overview strip, the matrix, a row opened from the keyboard (j, j, Enter) with its
outputs side by side and production's logged answer, the link keeping the opened row and
the filters, a fresh load of that link, Esc closing the row. At 1440 px each output
column must take at least a third of the page. Screenshots of every state go to
SCREENSHOT_DIR. Run by the Swift test ReportLayoutBrowserTests.

  python3 report_layout.py REPORT.html SCREENSHOT_DIR
Exit 0 when every step showed what it should; otherwise it prints the step that failed."""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

report, shots = sys.argv[1], sys.argv[2]
os.environ["SE_AVOID_STATS"] = "true"
options = Options()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--window-size=1440,1000"]:
    options.add_argument(flag)
browser = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
page = "file://" + os.path.abspath(report)


def step(name, check):
    try:
        check()
    except Exception as error:  # noqa: BLE001 — any failure is reported with its step
        browser.save_screenshot(f"{shots}/failed-{name}.png")
        print(f"step {name} failed: {type(error).__name__}: {error}")
        browser.quit()
        sys.exit(1)
    browser.save_screenshot(f"{shots}/{name}.png")


def press(key):
    browser.find_element(By.TAG_NAME, "body").send_keys(key)


def opened():
    return [tr.get_attribute("data-id") for tr in browser.find_elements(By.CSS_SELECTOR, "tr.row.open")]


try:
    def overview():
        browser.get(page)
        verdict = browser.find_element(By.CSS_SELECTOR, ".strip .verdict-big")
        assert verdict.text == "Regressed: the candidate is worse", verdict.text
        assert "pass 100.0% → 0.0%" in browser.find_element(By.CSS_SELECTOR, ".model-line").text
        assert browser.find_element(By.CSS_SELECTOR, ".strip svg").is_displayed()
        lines = browser.find_elements(By.CSS_SELECTOR, "tr.row")
        assert len(lines) == 30, len(lines)
        # A line is one line: the row, its inputs in brief, chips, the change.
        assert lines[0].size["height"] < 60, lines[0].size
        assert not browser.find_elements(By.CSS_SELECTOR, "tr.detail pre.out")[0].is_displayed()
    step("1-overview", overview)

    def open_from_the_keyboard():
        press("j")
        press("j")
        press("\ue007")  # Enter
        assert opened() == ["t002"], opened()
        assert browser.execute_script("return location.hash") == "#row=t002", browser.execute_script("return location.hash")
        detail = browser.find_element(By.CSS_SELECTOR, "tr.row.open + tr.detail")
        headings = [h.text for h in detail.find_elements(By.CSS_SELECTOR, ".cols h3")]
        assert headings == ["Production (logged)", "Base", "Candidate"], headings
        assert "Logged answer for Ben" in detail.text, detail.text
        width = browser.execute_script("return document.documentElement.clientWidth")
        for column in detail.find_elements(By.CSS_SELECTOR, ".cols .col"):
            assert column.size["width"] >= width / 3 - 40, (column.size["width"], width)
        outputs = detail.find_elements(By.CSS_SELECTOR, ".cols .col pre.out")
        assert all(output.size["width"] >= width / 3 - 40 for output in outputs), [o.size for o in outputs]
    step("2-opened-by-keyboard", open_from_the_keyboard)

    def filter_and_share():
        Select(browser.find_element(By.CSS_SELECTOR, "select[name=kind]")).select_by_value("worse")
        search = browser.find_element(By.CSS_SELECTOR, ".filters input")
        search.send_keys("Ben")
        assert browser.find_element(By.CSS_SELECTOR, ".count").text == "1 rows"
        link = browser.current_url
        assert "kind=worse" in link and "q=Ben" in link and "row=t002" in link, link
        browser.get("about:blank")
        browser.get(link)
        assert browser.find_element(By.CSS_SELECTOR, ".count").text == "1 rows"
        assert opened() == ["t002"], opened()
        assert browser.find_element(By.CSS_SELECTOR, ".filters input").get_attribute("value") == "Ben"
    step("3-shared-link", filter_and_share)

    def close_with_escape():
        press("\ue00c")  # Escape
        assert opened() == [], opened()
        assert "row=" not in browser.current_url, browser.current_url
    step("4-closed", close_with_escape)

    def sort_by_change():
        browser.get(page)
        browser.find_element(By.CSS_SELECTOR, "th[data-name=row]").click()
        browser.find_element(By.CSS_SELECTOR, "th[data-name=row]").click()
        first = browser.find_elements(By.CSS_SELECTOR, "tr.row")[0]
        assert first.get_attribute("data-id") == "t030", first.get_attribute("data-id")
        # The opened row travels with its line.
        first.click()
        assert browser.find_element(By.CSS_SELECTOR, "tr.row.open + tr.detail").text.startswith("Row t030")
        assert "sort=-row" in browser.current_url, browser.current_url
    step("5-sorted", sort_by_change)
finally:
    browser.quit()
print("every step passed")
