"""The HTML report in a real browser: headless Chromium driven over the DevTools protocol.

Chromium is Debian's ``chromium`` package. When it is missing the test installs it with apt-get
(as root, where apt is available), or skips and says why. The protocol runs over a pipe
(``--remote-debugging-pipe``), so no port, no driver and no extra Python package are needed.
The screenshot goes to ``$TEXTLINT_SCREENSHOT`` or the test's temporary folder.
"""
from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--remote-debugging-pipe")


def _install_chromium() -> str | None:
    """Install Debian's chromium when we may; the reason it cannot be installed otherwise."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not running as root, so it cannot be installed here (apt-get install chromium)"
    if shutil.which("apt-get") is None:
        return "apt-get is not available to install it"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=600, check=False)
        done = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"], env=env,
                              capture_output=True, text=True, timeout=1200, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"apt-get install chromium failed: {exc}"
    if done.returncode != 0:
        return f"apt-get install chromium failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}"
    # A CJK font makes the screenshot legible; the test does not depend on it.
    subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "fonts-wqy-microhei"], env=env,
                   capture_output=True, timeout=600, check=False)
    return None


def chromium_path() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if found:
        return found
    problem = _install_chromium()
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if not found:
        pytest.skip(f"headless Chromium is not installed and {problem or 'installing it did not provide it'}")
    return found


class Browser:
    """A minimal DevTools-protocol client: commands over Chromium's debugging pipe (fds 3 and 4)."""

    def __init__(self, executable: str, width: int = 1280, height: int = 900) -> None:
        self._profile = tempfile.mkdtemp(prefix="textlint-chromium-")
        to_chrome_r, self._out = os.pipe()
        self._in, from_chrome_w = os.pipe()

        def wire() -> None:
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen([executable, *FLAGS, f"--user-data-dir={self._profile}",
                                      f"--window-size={width},{height}", "about:blank"],
                                     pass_fds=(3, 4), preexec_fn=wire, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.call(method, params, self.session)

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the debugging pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, timeout: float = 30.0) -> None:
        self.evaluate("window.__leaving = true")  # gone once the new page has replaced this one
        self.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate("!window.__leaving && document.readyState === 'complete'"):
                return
            time.sleep(0.05)
        raise TimeoutError(f"{url} did not load")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element (scrolled into view first)."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        assert box is not None, f"nothing matches {selector}"
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                      {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1})

    def screenshot(self, path: Path, height: int | None = None) -> None:
        full = self.evaluate("document.documentElement.scrollHeight")
        clip_h = min(full, height or full)
        width = self.evaluate("document.documentElement.clientWidth")
        self.evaluate("window.scrollTo(0, 0)")
        shot = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": {"x": 0, "y": 0, "width": width, "height": clip_h,
                                                             "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._in, self._out):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    done = subprocess.run([sys.executable, "-m", "textlint_cn", "report", str(shared / "seeds"), "-o", str(out),
                           "--no-cache", "-q", "-j", "1"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1), done.stderr
    return out


@pytest.fixture(scope="module")
def browser() -> Any:
    b = Browser(chromium_path())
    yield b
    b.close()


def _column(b: Browser, table: str, index: int) -> list[str]:
    return b.evaluate(f"Array.from(document.querySelectorAll('#{table} tbody tr'))"
                      f".filter(r => !r.hidden).map(r => r.cells[{index}].getAttribute('data-v'))")


def _header_index(b: Browser, table: str, label: str) -> int:
    index = b.evaluate(f"Array.from(document.querySelectorAll('#{table} thead th'))"
                       f".findIndex(th => th.textContent.trim() === {json.dumps(label)})")
    assert index >= 0, f"{table} has no {label!r} column"
    return index


def test_report_renders_sorts_and_is_captured(report: Path, browser: Browser, tmp_path: Path) -> None:
    b = browser
    b.open(report.as_uri())
    assert b.evaluate("document.documentElement.getAttribute('data-ready')") == "1", \
        "the report's script did not run (blocked by its Content-Security-Policy?)"
    errors = [e for e in b.events if e.get("method") == "Runtime.exceptionThrown"]
    assert not errors, errors

    # The tables and the chart are on screen, with content.
    for table in ("t-categories", "t-rules", "t-density", "t-encodings"):
        rows = b.evaluate(f"Array.from(document.querySelectorAll('#{table} tbody tr'))"
                          f".filter(r => r.getBoundingClientRect().height > 0).length")
        assert rows > 0, f"table {table} shows no rows"
    files = b.evaluate("document.querySelectorAll('#t-density tbody tr').length")
    assert files == 4, "every seed has a row, with findings or not"
    chart = b.evaluate("(() => { const s = document.querySelector('svg.chart'); if (!s) return null;"
                       " const r = s.getBoundingClientRect();"
                       " const bars = Array.from(s.querySelectorAll('rect')).filter(x => x.getBBox().width > 0);"
                       " return {w: r.width, h: r.height, bars: bars.length}; })()")
    assert chart is not None, "no chart"
    assert chart["w"] > 400 and chart["h"] > 50 and chart["bars"] >= 1, chart
    cards = b.evaluate("document.querySelectorAll('details.card').length")
    assert cards >= 1
    excerpts = b.evaluate("document.querySelectorAll('.finding .src mark').length")
    assert excerpts >= 1, "no finding shown in context"

    # Clicking a numeric header sorts largest first, clicking again smallest first.
    col = _header_index(b, "t-density", "Findings")
    b.click(f"#t-density thead th:nth-child({col + 1}) button")
    down = [float(v) for v in _column(b, "t-density", col)]
    assert down == sorted(down, reverse=True)
    assert b.evaluate(f"document.querySelector('#t-density thead th:nth-child({col + 1})')"
                      ".getAttribute('aria-sort')") == "descending"
    b.click(f"#t-density thead th:nth-child({col + 1}) button")
    up = [float(v) for v in _column(b, "t-density", col)]
    assert up == sorted(up)

    # Text columns sort A to Z first; the per-10k column puts the densest first.
    name_col = _header_index(b, "t-density", "File")
    b.click(f"#t-density thead th:nth-child({name_col + 1}) button")
    names = _column(b, "t-density", name_col)
    assert names == sorted(names, key=str.lower)
    dens_col = _header_index(b, "t-density", "Per 10k")
    b.click(f"#t-density thead th:nth-child({dens_col + 1}) button")
    dens = [float(v) for v in _column(b, "t-density", dens_col) if v]
    assert dens == sorted(dens, reverse=True)

    # The rule table sorts too.
    rcol = _header_index(b, "t-rules", "Findings")
    b.click(f"#t-rules thead th:nth-child({rcol + 1}) button")
    b.click(f"#t-rules thead th:nth-child({rcol + 1}) button")
    counts = [int(v) for v in _column(b, "t-rules", rcol)]
    assert counts == sorted(counts)

    # The filter narrows the file table.
    b.click("input[data-filter='t-density']")
    b.send("Input.insertText", {"text": "002_"})
    shown = b.evaluate("Array.from(document.querySelectorAll('#t-density tbody tr')).filter(r => !r.hidden).length")
    assert shown == 1
    b.evaluate("(() => { const i = document.querySelector(\"input[data-filter='t-density']\"); i.value = '';"
               " i.dispatchEvent(new Event('input')); })()")

    # A location link opens its excerpt.
    link = b.evaluate("document.querySelector('table.issues td.locs a').getAttribute('href')")
    b.click("table.issues td.locs a")
    assert b.evaluate("location.hash") == link
    assert b.evaluate(f"document.getElementById({json.dumps(link[1:])}).getBoundingClientRect().height") > 0

    # Back to the order a reader first sees, then the picture.
    b.open(report.as_uri())
    target = Path(os.environ.get("TEXTLINT_SCREENSHOT") or tmp_path / "report.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    b.screenshot(target, height=2600)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
