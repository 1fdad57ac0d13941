"""Drives `promptexp view` in headless Chromium (selenium + chromedriver) through the
review flow: start an experiment from a prompt, edit the candidate, review the diff, plan
and estimate, run it; then the overview (verdict, chart, matrix), filters and search kept
in the URL (a fresh load of that URL shows the same view), a row opened with the mouse
and labelled, three more labelled from the keyboard, the key list; then a changed
candidate that regresses (labels go stale, promotion is refused with the reason), the fix
(the labels count again), and the promotion. Run by the Swift test ViewFlowBrowserTests, which then checks
the commits with git. Screenshots of every state go to SCREENSHOT_DIR.

  python3 view_flow.py URL SCREENSHOT_DIR
Exit 0 when every step showed what it should; otherwise it prints the step that failed."""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

url, shots = sys.argv[1], sys.argv[2]
# Debian's chromium and chromedriver, named outright: selenium must not look on the network.
os.environ["SE_AVOID_STATS"] = "true"
options = Options()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--window-size=1440,1000"]:
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
        wait.until(ready.presence_of_element_located((By.ID, "verdict-word")))
        wait.until(ready.presence_of_element_located((By.ID, "change-chart")))
        assert len(browser.find_elements(By.CSS_SELECTOR, "#matrix tr.mrow")) == 6
        assert "0 of 6 changed rows reviewed" in text_of("#queue"), text_of("#queue")
        assert "Checked out: exp/calmer" in text_of("#banners")
        browser.refresh()
        wait.until(lambda b: b.execute_script("return window.promptexpFirstRows"))
        print(f"time to first rows painted: {browser.execute_script('return window.promptexpFirstRows')} ms")
    step("5-ran", run)

    def filtered():
        browser.find_element(By.CSS_SELECTOR, "input[name=changed]").click()
        wait.until(lambda b: "filter=changed" in b.current_url)
        wait.until(ready.text_to_be_present_in_element((By.ID, "count"), "6 rows"))
        # Search as you type: no Enter.
        browser.find_element(By.CSS_SELECTOR, "input[name=q]").send_keys("t00000-no-such-row")
        wait.until(ready.text_to_be_present_in_element((By.ID, "count"), "0 rows"))
        assert "q=t00000-no-such-row" in browser.current_url, browser.current_url
    step("6-filtered", filtered)

    def reproduced():
        # A colleague opening the link sees the same view.
        browser.get(base + "#/experiment/calmer?filter=changed&sort=row&q=t00000-no-such-row")
        wait.until(ready.text_to_be_present_in_element((By.ID, "count"), "0 rows"))
        assert browser.find_element(By.CSS_SELECTOR, "input[name=changed]").is_selected()
        assert browser.find_element(By.CSS_SELECTOR, "select[name=sort]").get_attribute("value") == "row"
        assert browser.find_element(By.CSS_SELECTOR, "input[name=q]").get_attribute("value") == "t00000-no-such-row"
        browser.get(base + "#/experiment/calmer?filter=changed&sort=row")
        wait.until(ready.text_to_be_present_in_element((By.ID, "count"), "6 rows"))
    step("7-link", reproduced)

    def labelled():
        browser.find_elements(By.CSS_SELECTOR, "#matrix tr.mrow")[0].click()
        wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "#detail button.down")))
        # At 1440 px the outputs take the room: each column at least a third of the page.
        widths = [c.size["width"] for c in browser.find_elements(By.CSS_SELECTOR, "#detail .col")]
        assert len(widths) == 2 and min(widths) >= 1440 / 3, widths
        browser.find_element(By.CSS_SELECTOR, "#detail input[name=comment]").send_keys("too short")
        browser.find_element(By.CSS_SELECTOR, "#detail button.down").click()
        wait.until(ready.text_to_be_present_in_element((By.ID, "agreement"), "1 outputs labelled by people"))
        wait.until(ready.text_to_be_present_in_element((By.ID, "queue"), "1 of 6 changed rows reviewed"))
        assert "row=" in browser.current_url
    step("8-labelled", labelled)

    def keyboard():
        body = browser.find_element(By.TAG_NAME, "body")
        for key, done in [("g", 2), ("b", 3), ("g", 4)]:
            body.send_keys("n")
            wait.until(lambda b: b.find_element(By.CSS_SELECTOR, "#matrix tr.mrow.selected").text)
            body.send_keys(key)
            wait.until(ready.text_to_be_present_in_element((By.ID, "queue"), f"{done} of 6 changed rows reviewed"))
        body.send_keys("?")
        wait.until(lambda b: b.find_element(By.ID, "help").is_displayed())
        body.send_keys(Keys.ESCAPE)
        wait.until(lambda b: not b.find_element(By.ID, "help").is_displayed())
    step("9-keyboard", keyboard)

    def edit_and_run(old, new, verdict):
        area = browser.find_element(By.NAME, "candidate")
        text = area.get_attribute("value")
        assert old in text, text
        browser.execute_script("arguments[0].value = arguments[1]", area, text.replace(old, new))
        browser.find_element(By.ID, "save").click()
        wait.until(ready.text_to_be_present_in_element((By.ID, "tool-message"), "saved"))
        browser.find_element(By.ID, "plan").click()
        wait.until(ready.element_to_be_clickable((By.ID, "run"))).click()
        # The page reloads itself when the run ends.
        wait.until(ready.text_to_be_present_in_element((By.ID, "verdict-word"), verdict))

    def regressed():
        # The candidate now drops the customer's name: the rerun regresses, the labels of the
        # outputs it changed go stale, and promotion is refused with the reason on the page.
        edit_and_run("{{customer}} wrote:", "A customer wrote:", "Regressed")
        wait.until(ready.text_to_be_present_in_element((By.ID, "queue"), "4 labels stale"))
        assert "0 of 6 changed rows reviewed" in text_of("#queue"), text_of("#queue")
        assert browser.find_elements(By.CSS_SELECTOR, "#matrix .stale")
        assert "Not ready to promote" in text_of("#banners") and "regressed" in text_of("#banners"), text_of("#banners")
        browser.find_element(By.ID, "promote").click()
        wait.until(ready.text_to_be_present_in_element((By.ID, "tool-message"), "not promoted"))
    step("10-regressed", regressed)

    def promoted():
        # Put the name back: the outputs the labels were made on return, so they count again.
        edit_and_run("A customer wrote:", "{{customer}} wrote:", "No significant change")
        wait.until(ready.text_to_be_present_in_element((By.ID, "banners"), "Ready to promote"))
        wait.until(ready.text_to_be_present_in_element((By.ID, "queue"), "4 of 6 changed rows reviewed"))
        browser.find_element(By.ID, "promote").click()
        wait.until(lambda b: b.find_element(By.ID, "tool-message").text.startswith("promoted"))
        print("promote: " + text_of("#tool-message").splitlines()[0])
    step("11-promoted", promoted)
    print("every step passed")
finally:
    browser.quit()
