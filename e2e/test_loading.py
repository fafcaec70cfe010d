"""The web app loads in parts: the shell (navigation, session, sign-in) first, then one part per
step of the programme (why, who, value) when one of its screens is first shown. A part that
cannot be fetched says so and can be tried again."""

import re

from playwright.sync_api import expect

from conftest import ADMIN, LEARNER, fill_sign_in, open_page, sign_in

PART = re.compile(r"/(split|chunk)_[a-z0-9]+-[0-9a-f]+\.wasm$")


def wasm_fetched(page):
    """The names of the wasm files the page fetches, in order."""
    names = []
    page.on("request", lambda request: names.append(request.url.rsplit("/", 1)[-1]) if request.url.endswith(".wasm") else None)
    return names


def test_sign_in_needs_the_shell_alone_and_each_step_brings_its_part(page):
    fetched = wasm_fetched(page)
    page.goto("/")
    page.wait_for_url("**/sign-in")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert len(fetched) == 1 and fetched[0].startswith("app-"), fetched

    fill_sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    expect(page.get_by_role("link", name="Intégration des saisonniers 2027")).to_be_visible()
    parts = [name for name in fetched if name.startswith("split_")]
    assert len(parts) == 1 and parts[0].startswith("split_why-"), fetched
    # A part's shared pieces come with it: no more than a handful of requests.
    assert len(fetched) <= 6, fetched

    page.get_by_role("navigation").get_by_role("link", name="Tips").click()
    expect(page.get_by_role("heading", name="Tips from the experts")).to_be_visible()
    assert [name for name in fetched if name.startswith("split_")][1].startswith("split_value-"), fetched

    # Back to a step already there: drawn from what was fetched, nothing asked again.
    before = len(fetched)
    page.get_by_role("navigation").get_by_role("link", name="Programmes").click()
    expect(page.get_by_role("link", name="Intégration des saisonniers 2027")).to_be_visible()
    assert len(fetched) == before, fetched


def test_a_part_that_cannot_be_fetched_says_so_and_is_tried_again(browser, base_url):
    context, page, errors = open_page(browser, base_url)
    refused = []

    def refuse_once(route):
        if not refused:
            refused.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route(re.compile(r".*/split_value-[0-9a-f]+\.wasm$"), refuse_once)
    sign_in(page, LEARNER)
    page.wait_for_url("**/programmes")
    page.get_by_role("navigation").get_by_role("link", name="Tips").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This page could not be loaded. Check your connection and try again")
    expect(alert.get_by_role("button", name="Reload the page")).to_be_visible()
    expect(page.get_by_role("heading", name="Tips from the experts")).to_have_count(0)
    assert len(refused) == 1
    # The reader followed a link: the focus waits on what to do next.
    expect(alert.get_by_role("button", name="Try again")).to_be_focused()

    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="Tips from the experts")
    expect(heading).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    # The button is gone with the alert: the focus goes to the page's heading, not to nothing.
    expect(heading).to_be_focused()
    context.close()
    # The refused fetch is logged by the browser and by the part loader; nothing else.
    unexpected = [e for e in errors if "ERR_FAILED" not in e and "Failed to fetch" not in e]
    assert not unexpected, errors
    assert errors, "the refused fetch should have been logged"


def test_a_slow_part_still_gets_the_focus_to_its_heading(page):
    def late(route):
        page.wait_for_timeout(3000)
        route.continue_()

    sign_in(page, LEARNER)
    page.wait_for_url("**/programmes")
    page.route(re.compile(r".*/split_value-[0-9a-f]+\.wasm$"), late)
    page.get_by_role("navigation").get_by_role("link", name="Tips").click()
    expect(page.get_by_role("status")).to_contain_text("Loading")
    expect(page).to_have_title("Loading… · Relais")
    heading = page.get_by_role("heading", name="Tips from the experts")
    expect(heading).to_be_visible(timeout=10_000)
    expect(heading).to_be_focused()


def test_a_signed_out_deep_link_goes_to_sign_in_without_the_screens_part(page):
    fetched = wasm_fetched(page)
    page.goto("/directory/places")
    page.wait_for_url("**/sign-in?next=/directory/places")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert not [name for name in fetched if PART.search("/" + name)], fetched

    # A filtered list comes back filtered after signing in.
    page.goto("/tips?tag=peinture")
    page.wait_for_url("**/sign-in?next=/tips%3Ftag%3Dpeinture")
    fill_sign_in(page, LEARNER)
    page.wait_for_url("**/tips?tag=peinture")


def test_an_app_that_cannot_start_says_so_in_both_languages(browser, base_url):
    context, page, errors = open_page(browser, base_url)
    page.route(re.compile(r".*/app-[0-9a-f]+\.wasm$"), lambda route: route.abort())
    page.goto("/")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Relais could not start: check your connection, then reload the page.")
    expect(alert.locator('[lang="fr"]')).to_have_text("Relais n'a pas pu démarrer : vérifiez votre connexion, puis rechargez la page.")
    expect(alert.locator('[lang="en"]')).to_have_text("Relais could not start: check your connection, then reload the page.")
    context.close()
    assert errors, "the failed start should have been logged"


def test_a_file_an_upgrade_replaced_is_a_404_not_the_app(page, base_url):
    response = page.request.get(f"{base_url}/split_why-0000000000000000.wasm")
    assert response.status == 404
    assert "Reload the page" in response.text()
