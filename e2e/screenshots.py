"""`make screenshots`: every screen of the web app, at 1280 and 360 px, in French and English,
as an admin sees it (the learner's view of a programme and of the ambassadors page too), into
docs/screenshots/ (not committed: run it to look). Uses the e2e set-up: its own server on a
fresh demo database, headless Chromium."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from playwright.sync_api import expect, sync_playwright  # noqa: E402

import conftest  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "docs", "screenshots")
LANGS = {"fr": ("fr-FR", "Se connecter"), "en": ("en-GB", "Sign in")}


def sign_in(page, who, button):
    conftest.sign_in(page, who, "/sign-in", button=button)
    page.wait_for_url("**/programmes")


def shoot(page, name, lang, width):
    page.wait_for_timeout(300)
    page.screenshot(path=os.path.join(OUT, f"{name}-{lang}-{width}.png"), full_page=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    server = conftest.base_url.__wrapped__()
    base = next(server)
    count = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=conftest.CHROMIUM_ARGS
            )
            for lang, (locale, button) in LANGS.items():
                for width in (1280, 360):
                    context = browser.new_context(base_url=base, locale=locale, viewport={"width": width, "height": 900})
                    page = context.new_page()
                    page.goto("/sign-in")
                    expect(page.get_by_role("button", name=button)).to_be_visible()
                    shoot(page, "sign-in", lang, width)
                    sign_in(page, conftest.ADMIN, button)
                    shoot(page, "programmes", lang, width)
                    page.locator("a.programme-link").first.click()
                    page.wait_for_url(re.compile(r".*/programmes/[0-9a-f-]{36}$"))
                    expect(page.locator("h1")).to_be_visible()
                    shoot(page, "programme-overview", lang, width)
                    for index, part in enumerate(("needs", "objectives"), start=1):
                        page.get_by_role("tab").nth(index).click()
                        shoot(page, f"programme-{part}", lang, width)
                    for title, name in (
                        ("Lancement de la nouvelle appli de formation", "dashboard-active"),
                        ("Intégration des saisonniers 2027", "dashboard-draft"),
                        ("Gestes sécurité en réserve", "dashboard-closed"),
                    ):
                        page.goto("/programmes")
                        page.locator(".programme-item", has_text=title).locator("a").last.click()
                        page.wait_for_url("**/dashboard")
                        expect(page.locator("h1")).to_be_visible()
                        shoot(page, name, lang, width)
                    for path, name in (
                        ("/people", "people"),
                        ("/directory", "directory"),
                        ("/directory/import", "directory-import"),
                        ("/operations", "operations"),
                        ("/nowhere", "not-found"),
                    ):
                        page.goto(path)
                        expect(page.locator("h1")).to_be_visible()
                        shoot(page, name, lang, width)
                    page.goto("/directory")
                    page.locator("table.people tbody tr a").first.click()
                    page.wait_for_url(re.compile(r".*/directory/[0-9a-f-]{36}$"))
                    expect(page.locator("dl.facts")).to_be_visible()
                    shoot(page, "person", lang, width)
                    page.goto("/ambassadors")
                    expect(page.locator(".ranking > li").first).to_be_visible()
                    for index, part in enumerate(("ranking", "pipeline", "nominations", "coverage", "weights")):
                        page.get_by_role("tab").nth(index).click()
                        shoot(page, f"ambassadors-{part}", lang, width)
                    context.close()
                    context = browser.new_context(base_url=base, locale=locale, viewport={"width": width, "height": 900})
                    page = context.new_page()
                    sign_in(page, conftest.LEARNER, button)
                    page.locator("a.programme-link").first.click()
                    expect(page.locator(".objective-card").first).to_be_visible()
                    shoot(page, "programme-learner", lang, width)
                    page.goto("/ambassadors")
                    expect(page.locator("article.invitation").first).to_be_visible()
                    shoot(page, "ambassadors-learner", lang, width)
                    context.close()
                    count += 23
            browser.close()
    finally:
        next(server, None)
    print(f"{count} screenshots in {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
