"""Browser tests: the real `relais` binary on a temp SQLite file with the demo loaded, and the
built web app, driven through headless Chromium (Debian's package) by Playwright."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

ADMIN = ("claire.martin@horizon.example", "demo-admin-horizon")
AMBASSADOR = ("karim.benali@horizon.example", "demo-ambassadeur-horizon")
LEARNER = ("lea.petit@horizon.example", "demo-apprenant-horizon")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def base_url():
    """A server of its own for each test, on a fresh database with the demo: no test sees
    what another did, whatever their order."""
    binary = os.environ.get("RELAIS_BIN", "target/debug/relais")
    web_dir = os.environ.get("RELAIS_WEB_DIR", "frontend/dist")
    workdir = tempfile.mkdtemp(prefix="relais-e2e-")
    port = free_port()
    log = open(os.path.join(workdir, "server.log"), "w")
    server = subprocess.Popen(
        [binary, "--database-url", f"sqlite://{workdir}/relais.db", "serve", "--demo",
         "--bind", f"127.0.0.1:{port}", "--web-dir", web_dir],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/readyz", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    log.flush()
                    raise RuntimeError("relais did not start:\n" + open(log.name).read())
                time.sleep(0.2)
        yield url
    finally:
        # The whole process group, so nothing outlives a failed run.
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        server.wait(timeout=10)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh browser profile in English (the app follows the browser's language)."""
    context = browser.new_context(base_url=base_url, locale="en-GB", viewport={"width": 1024, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def sign_in(page, who, path="/"):
    page.goto(path)
    page.wait_for_url("**/sign-in**")
    page.fill("#email", who[0])
    page.fill("#password", who[1])
    page.get_by_role("button", name="Sign in").click()
