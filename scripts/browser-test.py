#!/usr/bin/env python3
"""End-to-end browser test of the patron landing pages (GET /d/{token}) in a real, headless Chromium.

Usage:
    scripts/browser-test.py BASE_URL VIDEO_LANDING_PATH OUTPUT_DIR [PDF_LANDING_PATH]

    BASE_URL            the gateway, e.g. http://127.0.0.1:8080
    VIDEO_LANDING_PATH  landing page of a delivery of a video, e.g. /d/TOKEN
    OUTPUT_DIR          where screenshots go (landing.png, and pdf.png with a PDF page)
    PDF_LANDING_PATH    optional: landing page of a delivery of a PDF

What it checks, on the video page: the page answers 200 with HTML in a `lang`, shows the title, the expiry, the
downloads left, the counting rule and the copyright notice, has a download button, loads nothing from another
origin and keeps its download button with JavaScript switched off; the video (muted) starts playing, its time
advances, a seek to the middle lands there and playback carries on past the seek point. On the PDF page: the
viewer frame's URL answers 200 or 206 with application/pdf bytes starting with `%PDF-` (headless Chromium may not
draw PDFs, so the check is on the response).

Needs the Python package `playwright` (pip install playwright) and Debian's Chromium (apt-get install -y
chromium); it never downloads a browser. CHROMIUM=/path/to/chromium overrides the browser.
Exit status 0 when every check passes; otherwise 1 with `browser-test: FAIL: …` on stderr (2 for bad usage).
"""

import os
import sys
import time
from urllib.parse import urljoin, urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TIMEOUT_MS = 30_000


class Failure(Exception):
    pass


def log(message):
    print(f"browser-test: {message}", flush=True)


def check(condition, message):
    if not condition:
        raise Failure(message)


def wait_for(page, expression, argument, what, timeout_ms=TIMEOUT_MS):
    """Waits until the JavaScript `expression` (a function of one argument) is truthy in the page."""
    try:
        page.wait_for_function(expression, arg=argument, timeout=timeout_ms, polling=100)
    except Exception as error:  # playwright's TimeoutError, or the page went away
        state = page.evaluate(
            """() => { const v = document.querySelector('#player');
                 return v ? {currentTime: v.currentTime, duration: v.duration, paused: v.paused, readyState: v.readyState,
                             networkState: v.networkState, error: v.error && v.error.code, src: v.currentSrc} : null; }""")
        raise Failure(f"{what} (waited {timeout_ms / 1000:.0f} s; player: {state}): {error.__class__.__name__}")


def text_of(page, selector, what):
    element = page.query_selector(selector)
    check(element is not None, f"the landing page has no {what} (element {selector})")
    text = " ".join(element.inner_text().split())
    check(text != "", f"the landing page's {what} ({selector}) is empty")
    return text


def check_common(page, response, url, base):
    check(response is not None, f"no response for {url}")
    check(response.status == 200, f"{url} answered {response.status}, expected 200")
    content_type = response.headers.get("content-type", "")
    check(content_type.startswith("text/html"), f"{url} answered Content-Type '{content_type}', expected text/html")
    lang = page.evaluate("() => document.documentElement.lang")
    check(lang in ("zh-CN", "en"), f"the page's <html lang> is '{lang}', expected zh-CN or en")
    title = text_of(page, "#title", "title")
    expires = text_of(page, "#expires", "expiry")
    left = text_of(page, "#downloads-left", "downloads left")
    notice = text_of(page, "#notice", "copyright notice")
    rule = text_of(page, "#counting-rule", "counting rule")
    check(any(ch.isdigit() for ch in expires), f"the expiry shows no date: '{expires}'")
    check("UTC" in expires, f"the expiry does not say its UTC offset: '{expires}'")
    check(any(ch.isdigit() for ch in left), f"the downloads left show no number: '{left}'")
    check(len(notice) > 20, f"the copyright notice is too short to be one: '{notice}'")
    download = page.query_selector("#download")
    check(download is not None, "the landing page has no download button (#download)")
    href = download.get_attribute("href") or ""
    check(href != "", "the download button has no address")
    check(urlsplit(urljoin(url, href)).netloc == urlsplit(base).netloc,
          f"the download button leads to another site: {href}")
    log(f"page ok: lang={lang} title='{title}' expires='{expires}' downloads-left='{left}'")
    log(f"counting rule: '{rule[:80]}…'")
    return href


def check_same_origin(requests, base, url):
    origin = urlsplit(base).netloc
    foreign = [r for r in requests if urlsplit(r).scheme in ("http", "https") and urlsplit(r).netloc != origin]
    check(not foreign, f"{url} loaded things from another origin: {foreign[:5]}")


def test_video(browser, base, path, output_dir):
    url = urljoin(base, path)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    requests, media_statuses = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda r: media_statuses.append((r.status, r.url)) if r.request.resource_type == "media" else None)
    response = page.goto(url, wait_until="load")
    check_common(page, response, url, base)

    kind = page.evaluate("() => { const p = document.querySelector('#player'); return p ? p.tagName.toLowerCase() : null; }")
    check(kind == "video", f"the landing page of a video has no <video id=player> (found {kind})")
    controls = page.evaluate("() => document.querySelector('#player').controls")
    check(controls, "the video has no controls")

    # Start playing, muted (autoplay with sound is refused without a user gesture in real browsers).
    started = page.evaluate(
        """async () => { const v = document.querySelector('#player'); v.muted = true;
             try { await v.play(); return 'ok'; } catch (e) { return String(e); } }""")
    check(started == "ok", f"the video refused to play: {started}")
    wait_for(page, "() => { const v = document.querySelector('#player'); return v.currentTime > 0.5 && !v.error; }",
             None, "the video did not start playing (currentTime stayed at 0)")
    source = page.evaluate("() => document.querySelector('#player').currentSrc")
    duration = page.evaluate("() => document.querySelector('#player').duration")
    check(duration == duration and duration not in (float("inf"),) and duration > 4,
          f"the video's duration is {duration} s; expected a finite duration of more than 4 s")
    log(f"video plays: source {source}, duration {duration:.1f} s")

    # Seek to the middle; the browser fetches from there (a range request to the gateway) and must carry on.
    middle = duration / 2
    page.evaluate(
        """(t) => new Promise((resolve) => { const v = document.querySelector('#player');
             v.addEventListener('seeked', () => resolve(true), {once: true}); v.currentTime = t; })""", middle)
    landed = page.evaluate("() => document.querySelector('#player').currentTime")
    check(abs(landed - middle) < 2.0, f"the seek to {middle:.1f} s landed at {landed:.1f} s")
    wait_for(page,
             "(t) => { const v = document.querySelector('#player'); return v.currentTime > t + 1.0 && !v.paused && !v.error; }",
             middle, f"playback did not continue past the seek point {middle:.1f} s")
    now = page.evaluate("() => document.querySelector('#player').currentTime")
    log(f"seeked to {middle:.1f} s, playing on at {now:.1f} s")

    bad = [(status, u) for status, u in media_statuses if status not in (200, 206)]
    check(not bad, f"media requests failed: {bad[:5]}")
    check(media_statuses, "the browser made no media request")
    log(f"media responses: {sorted({status for status, _ in media_statuses})} over {len(media_statuses)} requests")

    os.makedirs(output_dir, exist_ok=True)
    shot = os.path.join(output_dir, "landing.png")
    page.screenshot(path=shot, full_page=True)
    check(os.path.getsize(shot) > 1000, f"the screenshot {shot} is empty")
    log(f"screenshot: {shot}")
    check_same_origin(requests, base, url)
    context.close()

    # Without JavaScript the page still offers the download (it has no scripts to begin with).
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    response = page.goto(url, wait_until="domcontentloaded")
    check(response is not None and response.status == 200, f"{url} without JavaScript did not answer 200")
    check(page.query_selector("#download") is not None, "without JavaScript the page has no download button")
    context.close()


def test_pdf(browser, base, path, output_dir):
    url = urljoin(base, path)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    requests, responses = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda r: responses.append(r))
    response = page.goto(url, wait_until="load")
    check_common(page, response, url, base)

    viewer = page.evaluate(
        """() => { const e = document.querySelector('#pdf-view'); if (!e) return null;
             return {tag: e.tagName.toLowerCase(), url: e.getAttribute('src') || e.getAttribute('data') || ''}; }""")
    check(viewer is not None, "the landing page of a PDF has no viewer (#pdf-view)")
    check(viewer["tag"] in ("iframe", "embed", "object"), f"the PDF viewer is a <{viewer['tag']}>, expected iframe/embed/object")
    check(viewer["url"] != "", "the PDF viewer has no address")
    content_url = urljoin(url, viewer["url"])
    check(urlsplit(content_url).netloc == urlsplit(base).netloc, f"the PDF viewer shows another site: {content_url}")

    # The frame's own request for the document; headless Chromium may hand PDFs to a download instead of a viewer,
    # which still makes the request.
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    matching = []
    while time.monotonic() < deadline:
        matching = [r for r in responses if r.url == content_url]
        if matching:
            break
        page.wait_for_timeout(200)
    if matching:
        frame_response = matching[0]
        status, content_type = frame_response.status, frame_response.headers.get("content-type", "")
        log(f"PDF frame request: {status} {content_type} {content_url}")
    else:
        log(f"the PDF frame made no request the page could see; fetching {content_url} directly")
        direct = page.request.get(content_url, headers={"Range": "bytes=0-1023"})
        status, content_type = direct.status, direct.headers.get("content-type", "")
    check(status in (200, 206), f"the PDF viewer's address {content_url} answered {status}, expected 200 or 206")
    check(content_type.split(";")[0].strip().lower() == "application/pdf",
          f"the PDF viewer's address answered Content-Type '{content_type}', expected application/pdf")
    head = page.request.get(content_url, headers={"Range": "bytes=0-4"})
    check(head.status in (200, 206), f"a range request for the PDF's first bytes answered {head.status}")
    check(head.body()[:5] == b"%PDF-", f"the PDF viewer's address does not serve a PDF (starts {head.body()[:5]!r})")

    fallback = page.query_selector("#open-inline")
    check(fallback is not None and (fallback.get_attribute("href") or "") != "",
          "the PDF page has no fallback link to open the document (#open-inline)")

    os.makedirs(output_dir, exist_ok=True)
    shot = os.path.join(output_dir, "pdf.png")
    page.screenshot(path=shot, full_page=True)
    log(f"screenshot: {shot}")
    check_same_origin(requests, base, url)
    context.close()


def main(argv):
    if len(argv) not in (4, 5) or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    base, video_path, output_dir = argv[1], argv[2], argv[3]
    pdf_path = argv[4] if len(argv) == 5 else None
    if not base.startswith(("http://", "https://")):
        print(f"browser-test: BASE_URL must start with http:// or https://, got '{base}'", file=sys.stderr)
        return 2
    base = base.rstrip("/") + "/"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("browser-test: FAIL: the Python package 'playwright' is missing; run: pip install playwright", file=sys.stderr)
        return 1
    if not os.access(CHROMIUM, os.X_OK):
        print(f"browser-test: FAIL: no Chromium at {CHROMIUM}; run: apt-get install -y chromium "
              "(or set CHROMIUM=/path/to/chromium)", file=sys.stderr)
        return 1
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"])
            try:
                log(f"Chromium {browser.version}")
                test_video(browser, base, video_path, output_dir)
                if pdf_path:
                    test_pdf(browser, base, pdf_path, output_dir)
            finally:
                browser.close()
    except Failure as failure:
        print(f"browser-test: FAIL: {failure}", file=sys.stderr)
        return 1
    except Exception as error:  # the browser crashed, the gateway went away, …
        print(f"browser-test: FAIL: {error.__class__.__name__}: {error}", file=sys.stderr)
        return 1
    log("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
