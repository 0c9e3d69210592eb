"""Real browser: the built chapter HTML and the book HTML open in headless Chromium with the network disabled.

Builds chapter 1 and the book once (``hlj-newmedia build 1 --out <tmp>``), then drives Chromium through the DevTools
protocol (websocket-client, already in the environment): network emulated offline and http(s)/ws(s) URLs blocked,
every request, failed load, console message, log entry and uncaught exception collected, the page inspected by
JavaScript, and a screenshot saved under the build directory (``<out>/screenshots/``). Chromium is required: CI
(`.ci/run`) installs Debian's ``chromium`` when absent; locally the test fails with the install command.
"""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from built_reports import copy_build

pytestmark = pytest.mark.browser  # headless Chromium (the page tests also read the shared build)

CHAPTER = "01_introduction"
INSTALL_HINT = ("Chromium is needed for the browser test and was not found. Install it with "
                "`sudo apt-get install -y chromium` (Debian/Ubuntu; .ci/run does this in CI), or point "
                "HLJ_NEWMEDIA_CHROMIUM at a Chromium/Chrome binary.")
HAN = r"[\u4e00-\u9fff]"
# Fonts that cover Chinese (system CJK fonts on Linux/macOS/Windows); an embedded @font-face counts too.
CJK_FONT = re.compile(r"CJK|Source Han|WenQuanYi|WQY|PingFang|YaHei|JhengHei|Sim(Sun|Hei)|Hiragino|Heiti|Songti|"
                      r"Droid Sans Fallback|AR PL|Noto Sans SC|Noto Serif SC", re.I)
FONT_HINT = ("Chinese text is drawn with {fonts}, which have no Chinese glyphs (the reader sees boxes). The HTML "
             "uses the reader's system fonts: install a CJK font, e.g. `sudo apt-get install -y fonts-noto-cjk` "
             "(.ci/run does this in CI).")

PAGE_PROBE = """(() => {
  const imgs = [...document.querySelectorAll('img')];
  const text = document.body ? document.body.innerText : '';
  return {
    title: document.title,
    lang: document.documentElement.lang,
    h1: [...document.querySelectorAll('h1')].map(h => h.innerText.trim()),
    exhibits: [...document.querySelectorAll('figure.exhibit')].map(f => f.id),
    captions: [...document.querySelectorAll('figure.exhibit figcaption')].map(c => c.innerText.trim()),
    exhibitImages: document.querySelectorAll('figure.exhibit img').length,
    exhibitTables: document.querySelectorAll('figure.exhibit table').length,
    images: imgs.length,
    brokenImages: imgs.filter(i => !(i.complete && i.naturalWidth > 0 && i.naturalHeight > 0))
                      .map(i => i.alt || i.src.slice(0, 60)),
    imageWidths: imgs.map(i => i.naturalWidth),
    hanChars: (text.match(/HAN/g) || []).length,
    text: text.slice(0, 4000),
    scripts: document.scripts.length,
    height: document.documentElement.scrollHeight,
  };
})()""".replace("HAN", HAN)


def _chromium() -> str | None:
    for candidate in (os.environ.get("HLJ_NEWMEDIA_CHROMIUM"), "chromium", "chromium-browser", "google-chrome",
                      "google-chrome-stable"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


class DevTools:
    """A minimal Chrome DevTools Protocol client over one page target's websocket."""

    def __init__(self, ws_url: str, timeout: float = 60):
        import websocket  # websocket-client (a Jupyter dependency pinned in requirements.lock)

        self._ws = websocket.create_connection(ws_url, timeout=timeout, suppress_origin=True)
        self._timeout_error = websocket.WebSocketTimeoutException
        self._id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params):
        self._id += 1
        mid = self._id
        self._ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = json.loads(self._ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"DevTools {method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for event in self.events[seen:]:
                if event["method"] == method:
                    return event
            seen = len(self.events)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method} within {timeout}s")
            self.drain(min(left, 1.0))

    def drain(self, seconds: float) -> None:
        """Collect the events arriving during ``seconds``."""
        self._ws.settimeout(seconds)
        try:
            while True:
                msg = json.loads(self._ws.recv())
                if "method" in msg:
                    self.events.append(msg)
        except self._timeout_error:
            pass
        finally:
            self._ws.settimeout(60)

    def close(self) -> None:
        self._ws.close()


@pytest.fixture(scope="module")
def build_dir(built_zh, tmp_path_factory) -> Path:
    """A copy of the shared Chinese build (the screenshots are written into it)."""
    out = copy_build(built_zh, tmp_path_factory.mktemp("browser") / "reports")
    assert (out / "html" / f"{CHAPTER}.html").is_file() and (out / "book.html").is_file()
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary = _chromium()
    if binary is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    profile = tmp_path_factory.mktemp("chromium-profile")
    args = [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
            f"--user-data-dir={profile}", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-dev-shm-usage", "--window-size=1280,1600", "about:blank"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.is_file() and port_file.read_text().strip()):
            if proc.poll() is not None:
                pytest.fail(f"Chromium exited with status {proc.returncode}: "
                            f"{proc.stderr.read().decode(errors='replace')[-2000:]}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail("Chromium did not open its DevTools port within 60 s", pytrace=False)
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as r:
            targets = json.load(r)
        page = next(t for t in targets if t["type"] == "page")
        cdp = DevTools(page["webSocketDebuggerUrl"])
        for domain in ("Page", "Network", "Log", "Runtime", "DOM", "CSS"):
            cdp.call(f"{domain}.enable")
        cdp.call("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1,
                 uploadThroughput=-1)
        cdp.call("Network.setBlockedURLs", urls=["http://*", "https://*", "ws://*", "wss://*"])
        cdp.call("Network.setCacheDisabled", cacheDisabled=True)
        cdp.call("Emulation.setDeviceMetricsOverride", width=1280, height=1600, deviceScaleFactor=1, mobile=False)
        yield cdp
        cdp.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def visit(cdp: DevTools, html: Path, screenshot: Path) -> dict:
    """Open ``html`` offline; return what the browser saw (requests, failures, console, probe, fonts)."""
    cdp.events.clear()
    nav = cdp.call("Page.navigate", url=html.resolve().as_uri())
    assert "errorText" not in nav, nav
    cdp.wait_for("Page.loadEventFired", timeout=120)
    cdp.call("Runtime.evaluate", expression="document.fonts.ready.then(() => true)", awaitPromise=True)
    cdp.drain(1.0)                                              # late requests / console messages
    probe = cdp.call("Runtime.evaluate", expression=PAGE_PROBE, returnByValue=True)
    assert "exceptionDetails" not in probe, probe
    shot = cdp.call("Page.captureScreenshot", format="png")
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    root = cdp.call("DOM.getDocument", depth=0)["root"]["nodeId"]
    fonts = {}
    for selector in ("h1", "p", "figcaption"):                  # headings, narrative, exhibit captions
        node = cdp.call("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        fonts[selector] = cdp.call("CSS.getPlatformFontsForNode", nodeId=node)["fonts"] if node else []
    ev = cdp.events
    return {
        "probe": probe["result"]["value"],
        "requests": [e["params"]["request"]["url"] for e in ev if e["method"] == "Network.requestWillBeSent"],
        "failed": [(e["params"].get("type"), e["params"].get("errorText"), e["params"].get("blockedReason"))
                   for e in ev if e["method"] == "Network.loadingFailed"],
        "exceptions": [(d.get("exception") or {}).get("description") or d.get("text")
                       for d in (e["params"]["exceptionDetails"] for e in ev if e["method"] == "Runtime.exceptionThrown")],
        "console": [(e["params"]["type"], [a.get("value", a.get("description")) for a in e["params"]["args"]])
                    for e in ev if e["method"] == "Runtime.consoleAPICalled"],
        "log": [(e["params"]["entry"]["level"], e["params"]["entry"]["text"], e["params"]["entry"].get("url"))
                for e in ev if e["method"] == "Log.entryAdded"],
        "fonts": fonts,
        "screenshot": screenshot,
    }


@pytest.fixture(scope="module")
def pages(browser, build_dir) -> dict[str, dict]:
    shots = build_dir / "screenshots"
    return {
        "chapter": visit(browser, build_dir / "html" / f"{CHAPTER}.html", shots / f"{CHAPTER}.png"),
        "book": visit(browser, build_dir / "book.html", shots / "book.png"),
    }


@pytest.fixture(scope="module")
def manifest(build_dir) -> list[dict]:
    data = json.loads((build_dir / "exhibits" / "manifest.json").read_text(encoding="utf-8"))
    return next(c["exhibits"] for c in data["chapters"] if c["chapter"] == CHAPTER)


KINDS = ("chapter", "book")


@pytest.mark.parametrize("kind", KINDS)
def test_no_network_and_no_failed_loads(pages, kind):
    seen = pages[kind]
    assert seen["requests"], "the browser recorded no request at all (DevTools events not collected?)"
    remote = [u for u in seen["requests"] if not u.startswith(("file:", "data:", "about:"))]
    assert remote == [], f"{kind} HTML requests network resources: {remote}"
    assert seen["failed"] == [], f"{kind} HTML: failed resource loads {seen['failed']}"


@pytest.mark.parametrize("kind", KINDS)
def test_no_console_errors_or_exceptions(pages, kind):
    seen = pages[kind]
    assert seen["exceptions"] == [], seen["exceptions"]
    assert [c for c in seen["console"] if c[0] in ("error", "assert")] == []
    assert [entry for entry in seen["log"] if entry[0] == "error"] == []
    assert seen["probe"]["scripts"] == 0                        # reports are static: no scripts at all


@pytest.mark.parametrize("kind", KINDS)
def test_exhibits_match_the_manifest_and_images_decode(pages, manifest, build_dir, kind):
    probe = pages[kind]["probe"]
    assert len(manifest) == 5                    # chapter 1: 3 figures, the policy-provisions and claims-audit tables
    assert sum(e["kind"] == "figure" for e in manifest) == 3
    if kind == "book":                           # the book holds every chapter's exhibits, in the manifest's order
        data = json.loads((build_dir / "exhibits" / "manifest.json").read_text(encoding="utf-8"))
        manifest = [e for c in data["chapters"] for e in c["exhibits"]]
        assert len(data["chapters"]) == 7
    assert sorted(probe["exhibits"]) == sorted(e["anchor"] for e in manifest)
    n_figures = sum(e["kind"] == "figure" for e in manifest)
    assert probe["exhibitImages"] == n_figures
    assert probe["exhibitTables"] >= sum(e["kind"] == "table" for e in manifest)
    assert probe["brokenImages"] == [], probe["brokenImages"]
    assert min(probe["imageWidths"]) >= 400                     # real raster charts, not placeholders


@pytest.mark.parametrize("kind", KINDS)
def test_chinese_text_present(pages, manifest, kind):
    probe = pages[kind]["probe"]
    assert probe["lang"] == "zh-CN"
    assert probe["hanChars"] > 500, probe["text"][:500]
    assert any("绪论" in h for h in probe["h1"]), probe["h1"]
    captions = "\n".join(probe["captions"])
    assert sorted(e["number"] for e in manifest) == ["图1-1", "图1-2", "图1-3", "表1-1", "表1-2"]
    for e in manifest:                                           # numbered Chinese captions as rendered text
        assert e["number"] in captions, (e["number"], probe["captions"])
    if kind == "book":
        assert "黑龙江" in probe["title"]


@pytest.mark.parametrize("kind", KINDS)
def test_chinese_text_is_drawn_with_a_cjk_font(pages, kind):
    """Chromium reports the fonts that drew each node: the report's own embedded CJK web font must draw the Chinese,
    so the page renders on a machine without any Chinese system font (CI has none)."""
    for selector, fonts in pages[kind]["fonts"].items():
        assert fonts, f"{kind}: no text rendered in the first <{selector}>"
        names = [f["familyName"] for f in fonts]
        assert any(f["isCustomFont"] and CJK_FONT.search(f["familyName"]) for f in fonts), \
            f"{kind} <{selector}>: drawn with {', '.join(names)}, not the embedded Noto Sans CJK SC web font"


@pytest.mark.parametrize("kind", KINDS)
def test_screenshot_written(pages, build_dir, kind):
    shot: Path = pages[kind]["screenshot"]
    assert shot.parent == build_dir / "screenshots"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 1600)
    assert len(data) > 20_000                                    # not a blank page


def test_harness_sees_remote_requests_failed_loads_and_console_errors(browser, tmp_path):
    """The checks above are not vacuous: a page with a remote image, a missing file, a console error and an
    exception is caught by the same collection (and the remote request never reaches the network)."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="zh-CN"><body><p>坏页面</p>'
                    '<img src="https://example.org/remote.png"><img src="missing.png">'
                    '<script>console.error("boom"); throw new Error("kaput");</script></body></html>',
                    encoding="utf-8")
    seen = visit(browser, page, tmp_path / "bad.png")
    assert "https://example.org/remote.png" in seen["requests"]
    assert len(seen["failed"]) == 2                              # the blocked remote image and the missing file
    assert ("error", ["boom"]) in seen["console"]
    assert any("Error: kaput" in (e or "") for e in seen["exceptions"]), seen["exceptions"]
    assert any(entry[0] == "error" and "missing.png" in (entry[2] or "") for entry in seen["log"]), seen["log"]
    assert len(seen["probe"]["brokenImages"]) == 2
