"""Drives `promptexp view` in headless Chromium (selenium + chromedriver) through the
seed flow: start an experiment from a prompt, edit the candidate, review the diff, plan
and estimate, run it, filter its rows, and try to promote it. Run by the Swift test
ViewFlowBrowserTests, which then checks the commits with git.

  python3 view_flow.py URL SCREENSHOT_DIR
Exit 0 when every step showed what it should; otherwise it prints the step that failed."""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

url, shots = sys.argv[1], sys.argv[2]
# Debian's chromium and chromedriver, named outright: selenium must not look on the network.
os.environ["SE_AVOID_STATS"] = "true"
options = Options()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--window-size=1300,1100"]:
    options.add_argument(flag)
browser = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
wait = WebDriverWait(browser, 30)


def text_of(css):
    return browser.find_element(By.CSS_SELECTOR, css).text


def step(name, check):
    try:
        check()
    except Exception as error:  # noqa: BLE001 — any failure is reported with its step
        browser.save_screenshot(f"{shots}/failed-{name}.png")
        print(f"step {name} failed: {type(error).__name__}: {error}")
        browser.quit()
        sys.exit(1)
    browser.save_screenshot(f"{shots}/{name}.png")


try:
    base = url.split("#")[0]

    def prompt_page():
        browser.get(base + "#/prompt/support%2Freply")
        wait.until(ready.text_to_be_present_in_element((By.CSS_SELECTOR, "h1"), "support/reply"))
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "input[name=model]")))
    step("1-prompt", prompt_page)

    def start():
        browser.find_element(By.CSS_SELECTOR, "input[name=name]").send_keys("calmer")
        sample = browser.find_element(By.CSS_SELECTOR, "input[name=sample]")
        sample.clear()
        sample.send_keys("6")
        browser.find_element(By.ID, "start").click()
        wait.until(ready.text_to_be_present_in_element((By.CSS_SELECTOR, "h1"), "Experiment calmer"))
        wait.until(lambda b: "Answer in under 120 words." in b.find_element(By.NAME, "candidate").get_attribute("value"))
    step("2-started", start)

    def edit():
        area = browser.find_element(By.NAME, "candidate")
        text = area.get_attribute("value").replace("Answer in under 120 words.", "Answer calmly, in two sentences.")
        browser.execute_script("arguments[0].value = arguments[1]", area, text)
        browser.find_element(By.ID, "save").click()
        wait.until(ready.text_to_be_present_in_element((By.ID, "tool-message"), "saved prompts/support/reply.prompt"))
    step("3-edited", edit)

    def review():
        browser.find_element(By.ID, "plan").click()
        wait.until(ready.presence_of_element_located((By.ID, "plan-summary")))
        summary = text_of("#plan-summary")
        assert "12 calls (6 rows × 2 variants × 1 models × 1 repeats)" in summary, summary
        assert "+Answer calmly, in two sentences." in text_of("#plan-box pre")
    step("4-reviewed", review)

    def run():
        browser.find_element(By.ID, "run").click()
        wait.until(ready.text_to_be_present_in_element((By.ID, "count"), "6 rows"))
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, ".verdict")))
    step("5-ran", run)

    def filtered():
        browser.find_element(By.CSS_SELECTOR, "input[name=changed]").click()
        wait.until(ready.text_to_be_present_in_element((By.ID, "count"), "6 rows"))
        search = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
        search.send_keys("t00000-no-such-row\n")
        wait.until(ready.text_to_be_present_in_element((By.ID, "count"), "0 rows"))
    step("6-filtered", filtered)

    def labelled():
        search = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
        search.clear()
        search.send_keys("\n")
        wait.until(ready.text_to_be_present_in_element((By.ID, "count"), "6 rows"))
        cells = browser.find_elements(By.CSS_SELECTOR, "tr.row td:nth-child(4)")
        cells[0].find_element(By.CSS_SELECTOR, "input[name=comment]").send_keys("too short")
        cells[0].find_element(By.CSS_SELECTOR, "button.down").click()
        wait.until(ready.text_to_be_present_in_element((By.ID, "agreement"), "1 outputs labelled by people"))
    step("7-labelled", labelled)

    def promoted():
        browser.find_element(By.ID, "promote").click()
        wait.until(lambda b: b.find_element(By.ID, "tool-message").text.startswith("promoted")
                   or "not promoted" in b.find_element(By.ID, "tool-message").text)
        print("promote: " + text_of("#tool-message").splitlines()[0])
    step("8-promote", promoted)
    print("every step passed")
finally:
    browser.quit()
