"""A 300-file zip dropped on the admin's upload page: time to the first per-file result in the browser.

    .venv/bin/python bench/upload_progress.py [--files 300] [--runs 3] [--database-url URL] [--broker-url URL]

It migrates a fresh database (an SQLite file in a temporary VAR_DIR unless
--database-url is given), creates an editor, starts `manage.py runserver`,
and in Chromium (Debian's, driven by Playwright) signs in as the editor, puts
a zip of N different articles (copies of the seed articles, a line each of
their own) in the upload form and presses Upload. The page measures, with
`performance.now()` from the click: the first per-file result shown, and the
last. Without --broker-url each parse runs in the web process as the file is
stored (the embedded default, `make run`), so the last result includes 300
parses; with a broker the workers parse later and the results only store.

The figures go to stdout; docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "quiet-lantern-4791-zip"  # noqa: S105 - a throwaway editor of a temporary database

# In the page: the time from the click to the first result line, and to the end (the batch link shown).
WATCH = """() => new Promise(resolve => {
  const t0 = performance.now(), list = document.querySelector('[data-upload-results]');
  const done = document.querySelector('[data-upload-done]');
  let first = null;
  new MutationObserver(() => {
    if (first === null && list.children.length) { first = performance.now() - t0; }
    if (!done.hidden) { resolve({first, last: performance.now() - t0, n: list.children.length}); }
  }).observe(document.querySelector('[data-upload-panel]'), {childList: true, subtree: true, attributes: true});
  document.querySelector('#upload_form input[type=submit]').click();
})"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--broker-url", default="")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(args: argparse.Namespace, var_dir: str) -> dict[str, str]:
    env = {**os.environ, "VAR_DIR": var_dir, "DEBUG": "1", "LOG_LEVEL": "WARNING",
           "DJANGO_SETTINGS_MODULE": "config.settings", "ADMIN_LOGIN_THROTTLE": "1000/minute"}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if args.broker_url:
        env["CELERY_BROKER_URL"] = args.broker_url
    return env


def manage(env: dict[str, str], *argv: str) -> None:
    subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def a_zip(files: int, run: int) -> bytes:
    """N different articles: the seeds again and again, each with a line of its own (so none is a duplicate)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(files):
            seed = SEEDS[i % len(SEEDS)].read_bytes()
            archive.writestr(f"run{run}/article{i:04}.txt", seed + f"\n\nBench copy {run}-{i}.\n".encode())
    return buffer.getvalue()


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 - our own local server
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


def measure(base: str, zips: list[bytes]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(base + "/admin/login/?next=/admin/articles/article/add/")
        page.fill("#id_username", "bencheditor")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/articles/article/add/")
        for i, raw in enumerate(zips):
            page.goto(base + "/admin/articles/article/add/")
            page.set_input_files("input[type=file]", files=[{"name": f"bench{i}.zip", "mimeType": "application/zip",
                                                             "buffer": raw}])
            page.set_default_timeout(600_000)
            results.append(page.evaluate(WATCH))
        browser.close()
    return results


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="belregions-bench-upload-") as var_dir:
        env = environment(args, var_dir)
        manage(env, "migrate", "--noinput")
        manage(env, "create_editor", "bencheditor", "--password", PASSWORD)
        port = free_port()
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/admin/login/")
            zips = [a_zip(args.files, run) for run in range(args.runs)]
            results = measure(base, zips)
        finally:
            server.terminate()
            server.wait(timeout=10)
    firsts = [r["first"] / 1000 for r in results]
    lasts = [r["last"] / 1000 for r in results]
    print(f"{args.files}-file zip ({len(zips[0]) / 1024:.0f} KB), {args.runs} run(s), "
          f"{'broker ' + args.broker_url if args.broker_url else 'parses in the web process'}")
    print(f"first per-file result: median {statistics.median(firsts):.2f} s (runs: "
          f"{', '.join(f'{f:.2f}' for f in firsts)})")
    print(f"all {results[0]['n']} results: median {statistics.median(lasts):.2f} s (runs: "
          f"{', '.join(f'{f:.2f}' for f in lasts)})")


if __name__ == "__main__":
    main()
