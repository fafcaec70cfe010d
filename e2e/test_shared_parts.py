"""The parts every screen shares: a submission sent once, confirmations before what cannot be
undone, errors in the reader's language, a way back from unknown addresses, and no serious
accessibility violation on any screen, in either language."""

import re
import uuid

from playwright.sync_api import expect

from conftest import ADMIN, LEARNER, axe_violations, fill_sign_in, sign_in, sign_in_fr


def test_a_double_click_creates_one_programme(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    title = f"Double clic {uuid.uuid4().hex[:6]}"
    page.get_by_role("button", name="New programme").click()
    page.fill("#programme-title", title)
    page.get_by_role("button", name="Create programme").dblclick()
    page.wait_for_url(re.compile(r".*/programmes/[0-9a-f-]{36}$"))
    page.goto("/programmes")
    expect(page.get_by_role("link", name=title)).to_have_count(1)


def test_a_need_is_deleted_only_once_confirmed_and_escape_cancels(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Intégration des saisonniers 2027").click()
    page.wait_for_url(re.compile(r".*/programmes/[0-9a-f-]{36}$"))
    page.get_by_role("tab", name=re.compile("^Needs")).click()
    page.get_by_role("button", name="Add a need").click()
    page.fill("#need-title", "Besoin à supprimer")
    page.get_by_role("button", name="Save need").click()
    need = page.locator(".need", has_text="Besoin à supprimer")
    expect(need).to_be_visible()

    need.get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Delete this need?")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(need).to_be_visible()

    need.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.locator(".need", has_text="Besoin à supprimer")).to_have_count(0)
    expect(page.get_by_role("status")).to_have_text("Need deleted.")


def test_signing_out_of_people_sends_the_next_person_home(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="People").click()
    page.wait_for_url("**/people")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in")
    assert "next=" not in page.url
    fill_sign_in(page, LEARNER)
    page.wait_for_url("**/programmes")
    expect(page.get_by_text("Your role does not allow this action.")).to_have_count(0)
    # A learner sent to the people page by a link is not offered it after signing in.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in")
    page.goto("/people")
    page.wait_for_url("**/sign-in?next=**")
    fill_sign_in(page, LEARNER)
    page.wait_for_url("**/programmes")


def test_an_unknown_address_has_a_heading_and_a_way_back(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/nowhere/to/be/found")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page).to_have_title(re.compile("^Page not found"))
    page.get_by_role("link", name="Back to home").click()
    page.wait_for_url("**/programmes")


def test_server_errors_are_shown_in_french_without_the_english_detail(page_fr):
    page = page_fr
    sign_in_fr(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Personnes").click()
    page.get_by_role("button", name="Nouvelle personne").click()
    page.fill("#person-name", "Doublon")
    page.fill("#person-email", ADMIN[0])
    page.fill("#person-password", "une phrase de passe assez longue")
    page.get_by_role("button", name="Créer le compte").click()
    message = page.locator("#person-email-error")
    expect(message).to_have_text("Un compte utilise déjà cette adresse e-mail.")
    expect(page.locator("#person-email")).to_be_focused()
    expect(page.get_by_role("alert")).not_to_contain_text("account")


def test_the_skip_link_leads_to_the_content(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.reload()
    expect(page.get_by_role("heading", name="Programmes")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def screens(page):
    """Every screen of the app, as an admin sees them, with a wait for its content."""
    page.goto("/programmes")
    expect(page.get_by_role("heading", name=re.compile("Programmes"))).to_be_visible()
    yield "/programmes"
    page.locator("a.programme-link").first.click()
    page.wait_for_url(re.compile(r".*/programmes/[0-9a-f-]{36}$"))
    expect(page.locator("h1")).to_be_visible()
    yield "programme"
    page.locator("a", has_text=re.compile("dashboard|tableau de bord", re.I)).first.click()
    page.wait_for_url("**/dashboard")
    expect(page.locator(".tiles")).to_be_visible()
    yield "dashboard"
    page.goto("/people")
    expect(page.locator("table.people")).to_be_visible()
    yield "/people"
    page.goto("/operations")
    expect(page.locator("table.data").last).to_be_visible()
    yield "/operations"
    page.goto("/nowhere")
    expect(page.locator("h1")).to_be_visible()
    yield "404"


def test_no_serious_accessibility_violation_on_any_screen_in_either_language(page, page_fr):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    sign_in_fr(page_fr, ADMIN)
    page_fr.wait_for_url("**/programmes")
    found = {}
    for current in (page, page_fr):
        for screen in screens(current):
            violations = axe_violations(current)
            if violations:
                found[f"{screen} ({current.evaluate('document.documentElement.lang')})"] = violations
    assert not found, found


def test_the_sign_in_screen_has_no_serious_accessibility_violation(page):
    page.goto("/sign-in")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert not axe_violations(page)


def test_a_refused_form_takes_the_focus_to_its_first_field_to_fix(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("button", name="New programme").click()
    page.fill("#programme-title", "ab")
    page.fill("#programme-description", "x")
    page.get_by_role("button", name="Create programme").click()
    expect(page.locator("#programme-title")).to_be_focused()


def test_closing_asks_first_and_focus_follows_each_action(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Lancement de la nouvelle appli de formation").click()
    page.wait_for_url(re.compile(r".*/programmes/[0-9a-f-]{36}$"))
    expect(page.locator("h1")).to_be_focused()

    page.get_by_role("tab", name=re.compile("^Needs")).click()
    page.get_by_role("button", name="Add a need").click()
    expect(page.locator("#need-title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Add a need")).to_be_focused()

    page.get_by_role("tab", name="Overview").click()
    page.fill("#retrospective", "Les relais terrain ont fait la différence.")
    page.get_by_role("button", name="Close programme").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Close the programme?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator(".page-header .badge")).to_have_text("active")
    page.get_by_role("button", name="Close programme").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.locator(".page-header .badge")).to_have_text("closed")
    expect(page.locator("h1")).to_be_focused()
    expect(page.locator(".notice")).to_contain_text("Programme closed")


def test_a_long_title_does_not_push_a_phone_screen_sideways(browser, base_url):
    from conftest import open_page

    context, page, errors = open_page(browser, base_url, width=360)
    try:
        sign_in(page, ADMIN)
        page.wait_for_url("**/programmes")
        page.get_by_role("button", name="New programme").click()
        page.fill("#programme-title", "X" * 120)
        page.get_by_role("button", name="Create programme").click()
        page.wait_for_url(re.compile(r".*/programmes/[0-9a-f-]{36}$"))
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.goto("/programmes")
        expect(page.locator(".programme-item").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
    assert not errors, errors
