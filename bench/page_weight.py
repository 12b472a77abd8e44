"""JavaScript weight and browser timings of the chart pages, cold cache, in Chromium (issue 17, item 8).

    .venv/bin/python bench/generate_dataset.py      # once: fills belregions_bench
    .venv/bin/python bench/page_weight.py [--runs 5] [--tree PATH] [--database-url ...]

Serves the project tree (--tree; this checkout by default, or another one, such as `git archive HEAD` unpacked
elsewhere, to measure a "before") with gunicorn as in production (DEBUG off, whitenoise, collected static
files) against the benchmark database, and opens each page --runs times in Debian's chromium (Playwright), each
time in a fresh browser context, so with a cold cache. For each page it reports the JavaScript the page loads
(the sum of its script responses' bodies, uncompressed), the bytes it transferred (every response's body as
sent, gzip-compressed where the server compresses: Chromium asks plain http for gzip, not brotli), and the
median and worst DOMContentLoaded and
all-charts-drawn times (`document.body.dataset.charts === 'drawn'`, set by static/js/dashboard.js), in ms
from the start of navigation. The issue's targets: JavaScript ≤ 1.2 MB, DOMContentLoaded ≤ 800 ms, all charts
drawn ≤ 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/belregions_bench"
CHROMIUM = "/usr/bin/chromium"
PAGES = [("Overview", "/"), ("Region: Novosibirsk Oblast", "/regions/RU-NVS/"),
         ("Compare 3 regions", "/compare/?regions=RU-NVS,RU-KYA,RU-MOW")]
# The moment the charts are drawn, on the page's own clock: dashboard.js sets body[data-charts] when all are.
RECORD_DRAWN_JS = """
new MutationObserver((changes, observer) => {
  if (document.body && document.body.dataset.charts === 'drawn') {
    window.__chartsDrawn = performance.now(); observer.disconnect();
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-charts']});
"""
TIMES_JS = """() => ({dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
                      drawn: window.__chartsDrawn})"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(tree: Path, database_url: str, port: int, static_root: str) -> subprocess.Popen:
    """gunicorn on the tree, production settings, its static files collected afresh into a folder of its own."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-only-" + "x" * 40,
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "WARNING",
           "STATIC_ROOT": static_root,
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    python = ROOT / ".venv" / "bin" / "python"
    subprocess.run([python, "manage.py", "collectstatic", "--clear", "--noinput", "-v0"], cwd=tree, env=env,
                   check=True)
    server = subprocess.Popen([ROOT / ".venv" / "bin" / "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
                               "-w", "2", "--log-level", "warning"], cwd=tree, env=env)
    for _ in range(100):
        try:
            urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310 - our own local server
            break
        except OSError:
            time.sleep(0.2)
    return server


def visit(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1440, "height": 900})  # a new context: a cold cache
    page = context.new_page()
    page.add_init_script(RECORD_DRAWN_JS)
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_function("document.body.dataset.charts === 'drawn'", timeout=60_000)
    times = page.evaluate(TIMES_JS)
    js_bytes = sum(len(r.body()) for r in responses if r.request.resource_type == "script")
    sent = sum(r.request.sizes()["responseBodySize"] for r in responses)
    context.close()
    return {"js": js_bytes, "sent": sent, "dcl": times["dcl"], "drawn": times["drawn"]}


def measure(base: str, runs: int) -> list[tuple[str, dict]]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, path in PAGES:
            visit(browser, base + path)  # warm the server (templates, caches), not the browser
            samples = [visit(browser, base + path) for _ in range(runs)]
            results.append((name, {
                "js": samples[0]["js"], "sent": samples[0]["sent"],
                "dcl": statistics.median(s["dcl"] for s in samples), "dcl_max": max(s["dcl"] for s in samples),
                "drawn": statistics.median(s["drawn"] for s in samples),
                "drawn_max": max(s["drawn"] for s in samples)}))
        browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the project tree to serve (default: this one)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="belregions-page-weight-") as static_root:
        server = serve(args.tree.resolve(), args.database_url, port, static_root)
        try:
            results = measure(f"http://127.0.0.1:{port}", args.runs)
        finally:
            server.terminate()
            server.wait()
    print(f"tree {args.tree}, {args.runs} cold runs per page, load average {os.getloadavg()[0]:.2f}")
    print("| page | JavaScript (bytes) | transferred (bytes) | DOMContentLoaded, median (max) | "
          "all charts drawn, median (max) |")
    print("|---|---:|---:|---:|---:|")
    for name, r in results:
        print(f"| {name} | {r['js']:,} | {r['sent']:,} | {r['dcl']:.0f} ms ({r['dcl_max']:.0f}) | "
              f"{r['drawn']:.0f} ms ({r['drawn_max']:.0f}) |")
    over = [name for name, r in results if r["js"] > 1_200_000 or r["dcl"] > 800 or r["drawn"] > 1500]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
