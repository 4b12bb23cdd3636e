#!/usr/bin/env python3
"""End-to-end test of the browser console (/admin/) in a real, headless Chromium.

Usage:
    scripts/console-test.py BASE_URL EXPECTED_JSON OUTPUT_DIR

    BASE_URL       the gateway, e.g. http://127.0.0.1:8080
    EXPECTED_JSON  what the store holds, written by the test that prepared it:
                   {"admin_key", "library_key", "library", "other_library", "revoked_key",
                    "period": {"from", "to"},            the last 30 days the overview shows by default
                    "days": {"YYYY-MM-DD": {"requests", "allowed", "denied"}},   `gateway stats --by day`
                    "libraries": {"LIB": {"requests", "allowed", "denied"}},     `gateway stats --by library`
                    "library_days": {...},              the same by day for the library key's library alone
                    "delivery": {"id", "token", "library"},  a delivery to revoke (not of `library`)
                    "other_delivery": {"id"},           a delivery of `other_library`
                    "explain": {"asset", "subject", "library", "action", "allowed", "rule"}}
    OUTPUT_DIR     where every page's HTML (for the validator) and screenshots go

What it checks: a signed-out browser is sent to sign in and back to the page it asked for; a wrong key and a
revoked key get the same message (401); the session cookie is HttpOnly and SameSite=Strict; the overview's
per-day table and the bars of its chart equal `gateway stats` for the same days, the group table equals it by
library, the CSV download carries the same numbers; the page switches to English and back; a delivery is revoked
through its confirmation page and its link then answers 410; a form posted without or with a stale CSRF token is
refused (403); explain shows the decision and every rule; a key is made (its secret shown once) and revoked on the
operations page; sign-out ends the session (the old cookie no longer works); a library key sees only its own
library's rows and deliveries, and gets 403 for another library's overview or delivery and for the network pages;
nothing is loaded from another origin, no script runs, the first Tab reaches the skip link, and on a phone-sized
screen the pages do not scroll sideways.

Needs the Python package `playwright` and Debian's Chromium (CHROMIUM=/path overrides /usr/bin/chromium).
Exit status 0 when every check passes; otherwise 1 with `console-test: FAIL: …` on stderr (2 for bad usage).
"""

import csv
import io
import json
import os
import sys
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class Failure(Exception):
    pass


def log(message):
    print(f"console-test: {message}", flush=True)


def check(condition, message):
    if not condition:
        raise Failure(message)


class Console:
    """One browser context (one cookie jar) on the console, saving each page's HTML."""

    def __init__(self, browser, base, output, name, **options):
        self.base = base
        self.output = output
        self.name = name
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.requests = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.saved = 0

    def goto(self, path, status=200):
        response = self.page.goto(self.base + path.lstrip("/"))
        check(response is not None, f"{path}: no response")
        check(response.status == status, f"{path}: status {response.status}, expected {status}")
        return response

    def save(self, label):
        self.saved += 1
        path = os.path.join(self.output, f"{self.name}-{self.saved:02d}-{label}.html")
        with open(path, "w", encoding="utf-8") as file:
            file.write(self.page.content())

    def sign_in(self, key, expect_status=None):
        self.page.fill("#key", key)
        with self.page.expect_navigation() as navigation:
            self.page.click("form.panel button[type=submit]")
        response = navigation.value
        if expect_status is not None:
            check(response.status == expect_status, f"sign-in answered {response.status}, expected {expect_status}")
        return response

    def table(self, selector):
        """The body rows of a table as lists of cell texts."""
        return self.page.eval_on_selector_all(
            selector + " tbody tr", "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))")

    def foreign_requests(self):
        origin = urlsplit(self.base).netloc
        return [url for url in self.requests if urlsplit(url).netloc not in (origin, "")]


def check_overview(console, expected, days, libraries):
    """The per-day table, the chart's bars and the group table against `gateway stats`."""
    rows = console.table("#per-day-table")
    seen = {}
    for cells in rows:
        day, read, download, stream, other, refused, requests = cells[0], *map(int, cells[1:])
        seen[day] = {"requests": requests, "allowed": read + download + stream + other, "denied": refused,
                     "charted": read + download + stream}
    expected_days = {day: counts for day, counts in days.items() if counts["requests"] > 0}
    check(set(seen) == set(expected_days),
          f"days in the table {sorted(seen)} differ from gateway stats {sorted(expected_days)}")
    for day, counts in expected_days.items():
        for field in ("requests", "allowed", "denied"):
            check(seen[day][field] == counts[field],
                  f"{day} {field}: table {seen[day][field]}, gateway stats {counts[field]}")
    bars = console.page.eval_on_selector_all(
        "#per-day-chart rect.bar",
        "rects => rects.map(r => [r.dataset.day, r.dataset.series, Number(r.dataset.value), Number(r.getAttribute('height'))])")
    charted = {}
    for day, series, value, height in bars:
        check(height > 0, f"a bar of {day} {series} has no height")
        charted[day] = charted.get(day, 0) + value
    for day, counts in seen.items():
        check(charted.get(day, 0) == counts["charted"],
              f"{day}: the chart's bars add up to {charted.get(day, 0)}, the table says {counts['charted']}")
    group = {cells[0]: cells for cells in console.table("#group-table")}
    check(set(group) == set(libraries), f"libraries in the table {sorted(group)} differ from gateway stats {sorted(libraries)}")
    for library, counts in libraries.items():
        check(int(group[library][6]) == counts["requests"], f"{library}: {group[library][6]} requests, gateway stats {counts['requests']}")
        check(int(group[library][5]) == counts["denied"], f"{library}: {group[library][5]} refused, gateway stats {counts['denied']}")


def check_layout(console, label):
    """No other origin, no script, a phone-sized page does not scroll sideways, the first Tab reaches the skip link."""
    check(not console.foreign_requests(), f"{label}: requests to other origins: {console.foreign_requests()}")
    check(console.page.eval_on_selector_all("script", "s => s.length") == 0, f"{label}: the page has a script element")
    width = console.page.evaluate("() => document.documentElement.scrollWidth")
    viewport = console.page.viewport_size["width"]
    check(width <= viewport + 1, f"{label}: the page is {width}px wide on a {viewport}px screen")


def run(browser, base, expected, output):
    admin = Console(browser, base, output, "admin", viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = admin.page

    # Signed out: sent to sign in, then back to the page asked for.
    response = admin.goto("/admin/deliveries")
    check(urlsplit(page.url).path == "/admin/sign-in", f"signed out, /admin/deliveries went to {page.url}")
    check("next=/admin/deliveries" in page.url, f"the sign-in page does not remember the page asked for: {page.url}")
    admin.save("sign-in")
    page.keyboard.press("Tab")
    check(page.evaluate("() => document.activeElement.className") == "skip", "the first Tab does not reach the skip link")
    # A wrong key and a revoked key: the same message, 401.
    admin.sign_in("gwk_wrong_key", expect_status=401)
    wrong = page.inner_text("p.problem")
    admin.save("sign-in-refused")
    admin.sign_in(expected["revoked_key"], expect_status=401)
    check(page.inner_text("p.problem") == wrong, "a revoked key gets another message than a wrong one")
    admin.sign_in(expected["admin_key"])
    check(urlsplit(page.url).path == "/admin/deliveries", f"after signing in the browser is at {page.url}")
    cookie = next(c for c in admin.context.cookies() if c["name"] == "gw_console")
    check(cookie["httpOnly"] and cookie["sameSite"] == "Strict", f"the session cookie is {cookie}")
    check(cookie["path"] == "/admin", f"the session cookie's path is {cookie['path']}")
    admin.save("deliveries")

    # Overview: the table, the chart and CSV equal gateway stats.
    admin.goto("/admin/")
    admin.save("overview")
    check(page.inner_text("h1") == "概览", f"the overview's heading is {page.inner_text('h1')!r}")
    check_overview(admin, expected, expected["days"], expected["libraries"])
    check_layout(admin, "overview")
    response = page.request.get(base + page.get_attribute("#per-day-table caption a", "href").lstrip("/"))
    check(response.status == 200 and response.headers["content-type"].startswith("text/csv"), "the CSV download failed")
    lines = list(csv.reader(io.StringIO(response.text())))
    check(lines[0] == ["day", "read", "download", "stream", "other", "refused", "requests", "bytes"], f"CSV header {lines[0]}")
    csv_days = {row[0]: int(row[6]) for row in lines[1:]}
    check(csv_days == {d: c["requests"] for d, c in expected["days"].items() if c["requests"] > 0},
          f"the CSV's requests per day {csv_days} differ from gateway stats")
    page.select_option("#by", "collection")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    check("by=collection" in page.url, f"grouping by collection went to {page.url}")
    check(page.inner_text("#group-heading") == "按专题库", "the group heading did not follow the grouping chosen")
    admin.save("overview-collection")
    # An absurd period: a clear message.
    admin.goto("/admin/?from=2026-13-01&to=2026-01-01", status=400)
    check("2026-13-01" in page.inner_text("p.problem"), "an impossible date gets no clear message")
    admin.save("bad-period")
    admin.goto("/admin/?from=2001-01-01&to=2026-01-01", status=400)
    check("366" in page.inner_text("p.problem"), "a 25-year period gets no clear message")

    # English and back.
    admin.goto("/admin/")
    page.click("#language")
    check(page.inner_text("h1") == "Overview" and page.get_attribute("html", "lang") == "en", "the English page did not come")
    admin.goto("/admin/deliveries")
    check(page.inner_text("h1") == "Deliveries", "the language choice was not remembered")
    admin.save("deliveries-en")
    page.click("#language")
    check(page.get_attribute("html", "lang") == "zh-CN", "switching back to Chinese failed")

    # Deliveries: search, revoke through the confirmation page, the link answers 410.
    delivery = expected["delivery"]
    admin.goto(f"/admin/deliveries?reader=&item=&state=active&library={delivery['library']}")
    ids = [cells[0] for cells in admin.table("#deliveries-table")]
    check(delivery["id"] in ids, f"the active deliveries of {delivery['library']} do not list {delivery['id']}: {ids}")
    check(all(cells[1] == delivery["library"] for cells in admin.table("#deliveries-table")), "another library's delivery listed")
    check(page.request.get(base + f"d/{delivery['token']}").status == 200, "the delivery's link did not work before revoking")
    # Posted without its CSRF token, or with a stale one: refused, nothing revoked.
    refused = page.request.post(base + f"admin/deliveries/{delivery['id']}/revoke", form={"csrf": ""})
    check(refused.status == 403, f"a revoke without a CSRF token answered {refused.status}")
    refused = page.request.post(base + f"admin/deliveries/{delivery['id']}/revoke", form={"csrf": "stale-token"})
    check(refused.status == 403, f"a revoke with a stale CSRF token answered {refused.status}")
    check(page.request.get(base + f"d/{delivery['token']}").status == 200, "a refused form revoked the delivery")
    page.click(f"#delivery-{delivery['id']} a.button")
    check(urlsplit(page.url).path == f"/admin/deliveries/{delivery['id']}/revoke", f"the revoke button went to {page.url}")
    admin.save("revoke-confirm")
    with page.expect_navigation():
        page.click("#confirm-revoke")
    check(delivery["id"] in page.inner_text("p.notice"), "no notice after revoking")
    admin.save("revoked")
    gone = page.request.get(base + f"d/{delivery['token']}")
    check(gone.status == 410, f"the revoked delivery's link answered {gone.status}, not 410")
    admin.goto(f"/admin/deliveries?state=revoked")
    check(delivery["id"] in [cells[0] for cells in admin.table("#deliveries-table")], "the revoked delivery is not listed as revoked")

    # Access: the policy files and explain.
    admin.goto("/admin/access")
    check(len(admin.table("#policy-files")) >= 1, "no policy file listed")
    check(len(page.inner_text(".digest")) == 64, "no policy digest")
    explain = expected["explain"]
    page.fill("#subject", explain["subject"])
    page.select_option("#kind", "patron")
    page.fill("#library-field", explain["library"])
    page.fill("#asset", explain["asset"])
    page.select_option("#action", explain["action"])
    with page.expect_navigation():
        page.click("button[name=explain]")
    check(page.get_attribute("#decision", "class") == ("allow" if explain["allowed"] else "deny"),
          f"explain decided {page.inner_text('#decision')}")
    check(page.inner_text("#deciding-rule") == explain["rule"], f"explain named rule {page.inner_text('#deciding-rule')}")
    rules = admin.table("#rules-considered")
    check(len(rules) >= 2 and any(explain["rule"] in cells[0] for cells in rules), f"explain listed the rules {rules}")
    admin.save("access-explain")

    # Operations: a key made (shown once) and revoked.
    admin.goto("/admin/operations")
    check(len(admin.table("#cache-table")) >= 1, "no cache tier listed")
    page.fill("#key-library", "mudanjiang")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    secret = page.inner_text("#new-key")
    check(secret.startswith("gwk_"), f"the new key is not shown: {secret!r}")
    admin.save("operations-new-key")
    key_id = secret.split("_")[1]
    admin.goto("/admin/operations")
    check(secret not in page.content(), "the key's secret is shown a second time")
    with page.expect_navigation():
        page.click(f"#key-{key_id} button")
    check(key_id in page.inner_text("p.notice"), "no notice after revoking the key")
    admin.save("operations-revoked")
    check_layout(admin, "operations")

    # Sign-out ends the session: the old cookie no longer works.
    old = [c for c in admin.context.cookies() if c["name"] == "gw_console"]
    with page.expect_navigation():
        page.click("form.signout button")
    check(urlsplit(page.url).path == "/admin/sign-in", f"sign-out went to {page.url}")
    admin.save("signed-out")
    stale = browser.new_context()
    stale.add_cookies(old)
    stale_page = stale.new_page()
    stale_page.goto(base + "admin/")
    check(urlsplit(stale_page.url).path == "/admin/sign-in", "a signed-out session's cookie still opens the console")
    stale.close()
    admin.context.close()

    # A member library's key: its own rows only, 403 elsewhere; on a phone.
    library = Console(browser, base, output, "library", viewport={"width": 375, "height": 740}, locale="en-US",
                      is_mobile=True, has_touch=True)
    page = library.page
    library.goto("/admin/")
    library.sign_in(expected["library_key"])
    check(urlsplit(page.url).path == "/admin/", f"the library key's sign-in went to {page.url}")
    library.save("overview")
    check_overview(library, expected, expected["library_days"], {expected["library"]: expected["libraries"][expected["library"]]})
    check_layout(library, "library overview")
    sections = page.eval_on_selector_all("nav.sections a", "links => links.map(a => a.getAttribute('href'))")
    check("/admin/operations" not in sections and "/admin/access" not in sections, f"a library key is offered {sections}")
    library.goto(f"/admin/?library={expected['other_library']}", status=403)
    library.save("forbidden")
    library.goto("/admin/operations", status=403)
    library.goto("/admin/access", status=403)
    library.goto(f"/admin/deliveries/{expected['other_delivery']['id']}/revoke", status=403)
    library.goto(f"/admin/deliveries?library={expected['other_library']}", status=403)
    library.goto("/admin/deliveries")
    libraries = {cells[1] for cells in library.table("#deliveries-table")}
    check(libraries <= {expected["library"]}, f"a library key sees deliveries of {libraries}")
    library.save("deliveries")
    check_layout(library, "library deliveries")
    library.goto("/admin/reports")
    library.save("reports")
    # Last month's COUNTER platform report of the library's own usage, as TSV; another library's is refused.
    month = page.get_attribute("#begin", "value")
    report = page.request.get(base + f"admin/reports/download?report=pr&begin={month}&end={month}&format=tsv")
    check(report.status == 200 and report.headers["content-type"].startswith("text/tab-separated-values"),
          f"the PR download answered {report.status} {report.headers.get('content-type')}")
    lines = report.text().lstrip("\ufeff").splitlines()
    check(lines[0] == "Report_Name\tPlatform Report" and any(l.startswith(f"Institution_ID\t") for l in lines[:14]),
          f"the PR's header is {lines[:3]}")
    check(any("Total_Item_Requests" in line for line in lines), "the PR has no Total_Item_Requests row")
    other = page.request.get(
        base + f"admin/reports/download?library={expected['other_library']}&report=pr&begin={month}&end={month}&format=tsv")
    check(other.status == 403, f"another library's report answered {other.status}")
    library.context.close()


def main(argv):
    if len(argv) != 4 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    base, expected_path, output = argv[1].rstrip("/") + "/", argv[2], argv[3]
    with open(expected_path, encoding="utf-8") as file:
        expected = json.load(file)
    os.makedirs(output, exist_ok=True)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("console-test: FAIL: the Python package 'playwright' is missing; run: pip install playwright", file=sys.stderr)
        return 1
    if not os.access(CHROMIUM, os.X_OK):
        print(f"console-test: FAIL: no Chromium at {CHROMIUM}; run: apt-get install -y chromium", file=sys.stderr)
        return 1
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            try:
                log(f"Chromium {browser.version}")
                run(browser, base, expected, output)
            finally:
                browser.close()
    except Failure as failure:
        print(f"console-test: FAIL: {failure}", file=sys.stderr)
        return 1
    except Exception as error:  # the browser crashed, the gateway went away, a selector found nothing …
        print(f"console-test: FAIL: {error.__class__.__name__}: {error}", file=sys.stderr)
        return 1
    log("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
