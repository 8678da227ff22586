#!/usr/bin/python3
"""Drives headless Chromium through `vigie serve`'s dashboard, as a community manager would.

Usage: /usr/bin/python3 dashboard_walk.py BASE_URL [SCREENSHOT_DIR]
Run by Tests/VigieServeTests/BrowserTests.swift against a real `vigie serve` on loopback, over a store that
has three brands, an alert on Cerise and a webhook delivery that failed then succeeded. Exits 1 on the first
failed check, saying which.
"""
import re
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.support.ui import Select, WebDriverWait

base = sys.argv[1].rstrip("/")
shots = sys.argv[2] if len(sys.argv) > 2 else None
checks = 0


def check(condition, what):
    """`condition` is a value, or a function polled until it holds (30 s at most): after a click, the next
    page may not have loaded yet when the check starts."""
    global checks
    checks += 1
    if callable(condition):
        try:
            WebDriverWait(driver, 30, ignored_exceptions=[NoSuchElementException, StaleElementReferenceException]) \
                .until(lambda _: condition())
            condition = True
        except TimeoutException:
            condition = False
    if not condition:
        print(f"FAILED: {what}", file=sys.stderr)
        print(f"  at {driver.current_url}", file=sys.stderr)
        driver.quit()
        sys.exit(1)
    print(f"ok: {what}")


def gone(element):
    """Whether `element` belongs to a page the browser has left (a form's answer has replaced it)."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True


def shot(name):
    if shots:
        driver.save_screenshot(f"{shots}/{name}.png")


def no_horizontal_scroll():
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


options = Options()
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
                 "--lang=en-US"]:
    options.add_argument(argument)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.implicitly_wait(2)

# The main page: the three brands, the chart with an alert band.
driver.get(f"{base}/?lang=en&since=2d&bucket=hour")
body = driver.find_element(By.TAG_NAME, "body").text
for brand in ["Cerise", "Nordane", "Skylark Air"]:
    check(brand in body, f"the main page names {brand}")
check(len(driver.find_elements(By.CSS_SELECTOR, "#timeline svg rect.alert-band")) >= 1, "the timeline has an alert band")
check("Sentiment timeline" in body, "the English page is in English")
shot("main-en")

# A click on a bucket opens that bucket's mentions.
buckets = driver.find_elements(By.CSS_SELECTOR, "#timeline g.panel[data-brand='Cerise'] a.bucket-link")
full = [b for b in buckets if int(b.find_element(By.CSS_SELECTOR, "g.bucket").get_attribute("data-mentions")) > 0]
check(len(full) >= 1, "Cerise has a bucket with mentions")
full[0].find_element(By.CSS_SELECTOR, "g.bucket rect:not(.hit)").click()
check(lambda: "/mentions" in driver.current_url and "since=" in driver.current_url, "the bucket link opens the feed")
items = driver.find_elements(By.CSS_SELECTOR, "li.mention")
check(len(items) >= 1, "the bucket's mentions are listed")
check(all("Cerise" in i.text for i in items), "only Cerise's mentions are listed")

# A filter.
driver.get(f"{base}/mentions?lang=en")
Select(driver.find_element(By.NAME, "label")).select_by_value("negative")
driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
check(lambda: "label=negative" in driver.current_url, "the filter is in the query string")
def negative_only():
    labels = [i.get_attribute("class") for i in driver.find_elements(By.CSS_SELECTOR, "li.mention")]
    return labels and all("label-negative" in c for c in labels)

check(negative_only, "the filter keeps negative mentions only")

# Mark read: the item turns read and the unread counter drops.
def unread():
    return int(re.match(r"(\d+)", driver.find_element(By.ID, "unread-count").text).group(1))

before = unread()
first = driver.find_element(By.CSS_SELECTOR, "li.mention.unread")
identifier = first.get_attribute("id")
first.find_element(By.CSS_SELECTOR, "form.toggle-read button").click()
check(lambda: "read" in driver.find_element(By.ID, identifier).get_attribute("class").split(), "the mention is marked read")
check(lambda: unread() == before - 1, "the unread counter dropped by one")

# Relabel a Nordane mention as negative: the timeline's count changes after a reload.
def nordane_negatives():
    driver.get(f"{base}/?lang=en&since=2d&bucket=hour&brand=Nordane")
    title = driver.find_element(By.CSS_SELECTOR, "#timeline g.panel[data-brand='Nordane'] text.panel-title").text
    return int(re.search(r"(\d+) negative", title).group(1))

negatives = nordane_negatives()
driver.get(f"{base}/mentions?lang=en&brand=Nordane")
item = driver.find_element(By.CSS_SELECTOR, "li.mention")
Select(item.find_element(By.NAME, "label")).select_by_value("negative")
item.find_element(By.CSS_SELECTOR, "form.relabel button").click()
check(lambda: gone(item) and "/mentions" in driver.current_url, "the relabel form brings back the feed")
check(lambda: nordane_negatives() == negatives + 1, "the timeline counts the relabelled mention as negative")

# The alert inbox: the webhook that failed then succeeded, and "why this alert".
driver.get(f"{base}/alerts?lang=en")
row = driver.find_element(By.CSS_SELECTOR, "tr.delivery")
check("delivered" in row.get_attribute("class"), "the delivery is shown delivered")
check(row.find_element(By.CSS_SELECTOR, "td.attempts").text == "2", "after two attempts")
check(len(driver.find_elements(By.CSS_SELECTOR, "form.retry button")) >= 1, "with a retry button")
driver.find_element(By.CSS_SELECTOR, "ul.inbox h2 a").click()
check(lambda: "Why this alert" in driver.find_element(By.TAG_NAME, "h1").text, "the alert page explains it")
check("panne" in driver.find_element(By.TAG_NAME, "body").text, "with the terms that drove the scores")
shot("alert-en")

# "What would this setting have raised": the YAML to paste.
driver.get(f"{base}/backtest?lang=en")
field = driver.find_element(By.NAME, "false_alarm_probability")
field.clear()
field.send_keys("0.01")
driver.find_element(By.CSS_SELECTOR, "form.settings button[type=submit]").click()
check(lambda: "false_alarm_probability: 0.01" in driver.find_element(By.CSS_SELECTOR, "pre.yaml").text, "the form shows the YAML")
check(len(driver.find_elements(By.CSS_SELECTOR, "#simulated svg")) == 1, "beside a timeline of the would-be alerts")

# French.
driver.get(f"{base}/?lang=fr&since=2d")
check("Chronologie du sentiment" in driver.find_element(By.TAG_NAME, "body").text, "the French page is in French")
check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr", "and says so")
shot("main-fr")

# Dark mode follows the system.
driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
driver.get(f"{base}/?lang=en&since=2d")
background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
check(background == "rgb(21, 23, 26)", f"dark mode darkens the page ({background})")
shot("main-dark")
driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})

# A phone: 390 px wide, no horizontal scrolling on any page.
driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
for path in ["/?since=2d", "/mentions", "/alerts", "/alerts/1", "/backtest?false_alarm_probability=0.01&run=1", "/sources"]:
    driver.get(f"{base}{path}")
    check(no_horizontal_scroll(), f"{path} fits 390 px without horizontal scrolling")
    if path == "/?since=2d":
        shot("main-phone")

driver.quit()
print(f"{checks} checks passed")
