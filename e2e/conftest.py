"""Browser tests: the real `relais` binary on a temp SQLite file with the demo loaded, and the
built web app, driven through headless Chromium (Debian's package) by Playwright."""

import os
import re
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


# The browser logs every refused request as a console error ("Failed to load resource: the
# server responded with a status of 401"). A 4xx is the app's normal conversation with the
# API (signed-out start, a field to fix); anything else logged as an error fails the test.
EXPECTED_CONSOLE = re.compile(r"^Failed to load resource: the server responded with a status of 4\d\d")


def watch_errors(page):
    """Collects page errors (panics included) and console errors into a list."""
    errors = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: errors.append(f"console {message.type}: {message.text}")
        if message.type == "error" and not EXPECTED_CONSOLE.match(message.text)
        else None,
    )
    return errors


def open_page(browser, base_url, locale="en-GB", width=1024):
    context = browser.new_context(base_url=base_url, locale=locale, viewport={"width": width, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    return context, page, watch_errors(page)


@pytest.fixture
def page(browser, base_url):
    """A fresh browser profile in English (the app follows the browser's language). The test
    fails on any page error or console error, whatever it was testing."""
    context, page, errors = open_page(browser, base_url)
    yield page
    context.close()
    assert not errors, f"errors in the page: {errors}"


@pytest.fixture
def page_fr(browser, base_url):
    """The same, in French."""
    context, page, errors = open_page(browser, base_url, locale="fr-FR")
    yield page
    context.close()
    assert not errors, f"errors in the page: {errors}"


def axe_violations(page):
    """Serious and critical axe-core violations on the page as it is now."""
    # Evaluated through the DevTools protocol: the app's Content-Security-Policy (rightly)
    # refuses an injected <script>.
    with open(os.environ.get("AXE_JS", ".tools/node_modules/axe-core/axe.min.js")) as source:
        page.evaluate(source.read() + "\n;undefined")
    result = page.evaluate("async () => (await axe.run(document)).violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def sign_in(page, who, path="/", button="Sign in"):
    page.goto(path)
    page.wait_for_url("**/sign-in**")
    fill_sign_in(page, who, button)


def fill_sign_in(page, who, button="Sign in"):
    """Signs in on the sign-in form already shown."""
    page.fill("#email", who[0])
    page.fill("#password", who[1])
    page.get_by_role("button", name=button).click()


def sign_in_fr(page, who, path="/"):
    sign_in(page, who, path, button="Se connecter")
