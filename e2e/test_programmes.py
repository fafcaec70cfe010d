"""Main paths of the step 1 screens, as an admin, an ambassador and a learner would walk them."""

import re
import uuid

from playwright.sync_api import expect

from conftest import ADMIN, AMBASSADOR, LEARNER, open_page, sign_in, sign_in_fr


def test_admin_creates_activates_and_follows_a_programme(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    title = f"Relais magasins {uuid.uuid4().hex[:6]}"

    page.get_by_role("button", name="New programme").click()
    page.fill("#programme-title", title)
    page.select_option("#programme-context", "engagement_deficit")
    page.fill("#programme-description", "Faire vivre la formation en magasin.")
    page.get_by_role("button", name="Create programme").click()
    page.wait_for_url(re.compile(r".*/programmes/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator(".page-header .badge")).to_have_text("draft")

    page.get_by_role("tab", name=re.compile("^Needs")).click()
    page.get_by_role("button", name="Add a need").click()
    page.fill("#need-title", "Les équipes ne se forment pas")
    page.fill("#need-evidence", "Taux d'activité en baisse")
    page.select_option("#need-priority", "critical")
    page.get_by_role("button", name="Save need").click()
    expect(page.get_by_role("status")).to_have_text("Need added.")
    expect(page.locator(".need")).to_contain_text("Les équipes ne se forment pas")
    expect(page.locator(".need")).to_be_focused()

    page.get_by_role("tab", name=re.compile("^Objectives")).click()
    page.get_by_role("button", name="Add an objective").click()
    page.fill("#objective-title", "Quatre apprenants sur cinq actifs")
    page.fill("#objective-target", "95")
    page.get_by_role("button", name="Save objective").click()
    expect(page.locator(".objective")).to_contain_text("Quatre apprenants sur cinq actifs")

    page.get_by_role("tab", name="Overview").click()
    page.get_by_role("button", name="Activate programme").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.locator(".page-header .badge")).to_have_text("active")

    page.get_by_role("link", name="Open dashboard").click()
    page.wait_for_url("**/dashboard")
    card = page.locator(".objective-card", has_text="Quatre apprenants sur cinq actifs")
    expect(card).to_be_visible()
    expect(card.locator("svg[role=img]")).to_be_visible()
    expect(card).to_contain_text("on track")
    expect(page.locator(".tile", has_text="Learners")).to_contain_text("329")

    # A deep link survives a reload: the refresh cookie signs the page back in.
    page.reload()
    expect(page.locator(".objective-card", has_text="Quatre apprenants sur cinq actifs")).to_be_visible()

    # French labels after the switch, remembered on reload.
    page.get_by_role("button", name=re.compile("^FR")).click()
    expect(page.get_by_role("heading", name=re.compile("^Tableau de bord"))).to_be_visible()
    expect(page.get_by_role("heading", name="Objectifs")).to_be_visible()
    expect(page.locator(".tile", has_text="Apprenants")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.reload()
    expect(page.get_by_role("heading", name="Objectifs")).to_be_visible()


def test_api_field_errors_appear_beside_their_fields(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("button", name="New programme").click()
    page.fill("#programme-title", "ab")
    page.fill("#programme-ends", "2001-01-01")
    page.get_by_role("button", name="Create programme").click()
    expect(page.locator("#programme-title-error")).to_have_text("Between 3 and 120 characters.")
    expect(page.locator("#programme-ends-error")).to_have_text("The end must come after the start.")
    expect(page.locator("#programme-title")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Some fields need fixing.")


def test_a_signed_out_deep_link_comes_back_after_sign_in(page, base_url):
    page.goto("/programmes")
    page.wait_for_url("**/sign-in?next=%2Fprogrammes".replace("%2F", "/"))
    page.fill("#email", ADMIN[0])
    page.fill("#password", "not the right password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong e-mail address or password.")
    page.fill("#password", ADMIN[1])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/programmes")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_learners_and_ambassadors_read_the_active_programme_only(page):
    for who in (LEARNER, AMBASSADOR):
        sign_in(page, who)
        page.wait_for_url("**/programmes")
        expect(page.get_by_role("link", name="Lancement de la nouvelle appli de formation")).to_be_visible()
        expect(page.get_by_text("Intégration des saisonniers 2027")).to_have_count(0)
        expect(page.get_by_role("button", name="New programme")).to_have_count(0)
        expect(page.get_by_role("link", name="People")).to_have_count(0)
        page.get_by_role("link", name="Lancement de la nouvelle appli de formation").click()
        expect(page.get_by_role("heading", name="What this programme asks of you")).to_be_visible()
        expect(page.locator(".objective-card").first).to_be_visible()
        expect(page.get_by_role("button", name="Save")).to_have_count(0)
        expect(page.get_by_role("button", name="Activate programme")).to_have_count(0)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        page.context.clear_cookies()


def test_admin_adds_a_person(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="People").click()
    page.wait_for_url("**/people")
    page.get_by_role("button", name="New person").click()
    email = f"nouvelle.{uuid.uuid4().hex[:6]}@horizon.example"
    page.fill("#person-name", "Nouvelle Recrue")
    page.fill("#person-email", email)
    page.select_option("#person-role", "ambassador")
    page.fill("#person-password", "short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#person-password-error")).to_have_text("Between 12 and 128 characters.")
    page.fill("#person-password", "une phrase de passe assez longue")
    page.get_by_role("button", name="Create account").click()
    row = page.locator("table.people tr", has_text=email)
    expect(row).to_contain_text("training ambassador")
    row.get_by_role("button", name="Deactivate").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(row).to_contain_text("deactivated")
    expect(page.get_by_role("status")).to_have_text("Account deactivated.")


def test_screens_fit_a_360_pixel_phone(browser, base_url):
    context, page, errors = open_page(browser, base_url, locale="fr-FR", width=360)
    try:
        sign_in_fr(page, ADMIN)
        page.wait_for_url("**/programmes")
        for path in ("/programmes",):
            page.goto(path)
            expect(page.get_by_role("heading", name="Programmes")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.get_by_role("link", name="Voir le tableau de bord").last.click()
        expect(page.locator(".tiles")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # Every entry of the navigation is in sight: it wraps rather than hiding entries off
        # the edge of the screen.
        edges = page.evaluate("[...document.querySelectorAll('.topbar nav a')].map(a => [a.getBoundingClientRect().left, a.getBoundingClientRect().right])")
        assert edges and all(left >= 0 and right <= 360 for left, right in edges), edges
    finally:
        context.close()
    assert not errors, errors


def test_admin_edits_a_draft_programme_its_needs_and_objectives(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Intégration des saisonniers 2027").click()
    page.wait_for_url(re.compile(r".*/programmes/[0-9a-f-]{36}$"))

    page.fill("#programme-description", "Accueillir les renforts d'été, binôme avec un ambassadeur.")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_role("status")).to_have_text("Saved")

    page.get_by_role("tab", name=re.compile("^Needs")).click()
    need = page.locator(".need", has_text="Les saisonniers arrivent sans formation caisse")
    need.get_by_role("button", name="Edit").click()
    need.locator("input[name=title]").fill("Les saisonniers arrivent sans formation à la caisse")
    need.locator("select[name=need_priority]").select_option("critical")
    need.get_by_role("button", name="Save need").click()
    edited = page.locator(".need", has_text="Les saisonniers arrivent sans formation à la caisse")
    expect(edited).to_contain_text("critical")
    # Cancel closes an edit without saving.
    edited.get_by_role("button", name="Edit").click()
    edited.locator("input[name=title]").fill("Ne pas garder")
    edited.get_by_role("button", name="Cancel").click()
    expect(page.locator(".need", has_text="Ne pas garder")).to_have_count(0)

    page.get_by_role("tab", name=re.compile("^Objectives")).click()
    page.get_by_role("button", name="Add an objective").click()
    page.fill("#objective-title", "Saisonniers actifs dans l'appli")
    page.fill("#objective-target", "50")
    page.get_by_role("button", name="Save objective").click()
    objective = page.locator(".objective", has_text="Saisonniers actifs dans l'appli")
    objective.get_by_role("button", name="Edit").click()
    objective.locator("input[name=target]").fill("150")
    objective.get_by_role("button", name="Save objective").click()
    expect(objective.locator(".field-error")).to_have_text("A percentage above 0 and at most 100%, or a count of at least 1.")
    objective.locator("input[name=target]").fill("55")
    objective.get_by_role("button", name="Save objective").click()
    expect(page.locator(".objective", has_text="Saisonniers actifs dans l'appli")).to_contain_text("55%")


def test_api_docs_render_offline_under_the_content_security_policy(page):
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name=re.compile("Relais API"))).to_be_visible()


def test_dashboards_of_a_draft_and_of_a_closed_programme(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    item = page.locator(".programme-item", has_text="Intégration des saisonniers 2027")
    item.get_by_role("link", name="Open dashboard").click()
    page.wait_for_url("**/dashboard")
    expect(page.get_by_role("heading", name="What will be measured")).to_be_visible()
    expect(page.locator(".tiles")).to_have_count(0)
    expect(page.get_by_role("link", name="Export as CSV")).to_have_count(0)

    page.goto("/programmes")
    item = page.locator(".programme-item", has_text="Gestes sécurité en réserve")
    item.get_by_role("link", name="Open dashboard").click()
    page.wait_for_url("**/dashboard")
    expect(page.get_by_text(re.compile("^Figures at closing, on"))).to_be_visible()
    expect(page.get_by_role("heading", name="Retrospective")).to_be_visible()
    card = page.locator(".objective-card").first
    card.get_by_text("Where this figure comes from").click()
    expect(card.locator("details p")).to_be_visible()
    export = page.get_by_role("link", name="Export as CSV")
    with page.expect_download() as download:
        export.click()
    content = open(download.value.path(), encoding="utf-8-sig").read()
    assert content.startswith("Title,Metric,Baseline,Current,Target,"), content[:200]
    assert len(content.strip().splitlines()) >= 2


def test_the_editor_parts_are_tabs_for_the_keyboard(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Intégration des saisonniers 2027").click()
    overview = page.get_by_role("tab", name="Overview")
    expect(overview).to_have_attribute("aria-selected", "true")
    overview.focus()
    page.keyboard.press("ArrowRight")
    needs = page.get_by_role("tab", name=re.compile("^Needs"))
    expect(needs).to_be_focused()
    expect(needs).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).to_contain_text("Les saisonniers arrivent")
    page.keyboard.press("End")
    expect(page.get_by_role("tab", name=re.compile("^Objectives"))).to_be_focused()
    page.keyboard.press("Home")
    expect(overview).to_be_focused()


def test_objectives_show_their_trend_since_activation(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    item = page.locator(".programme-item", has_text="Lancement de la nouvelle appli de formation")
    item.get_by_role("link", name="Open dashboard").click()
    card = page.locator(".objective-card", has_text="70 % d'apprenants actifs chaque mois")
    trend = card.locator("figure.trend svg[role=img]")
    expect(trend).to_be_visible()
    expect(trend).to_have_attribute("aria-label", re.compile(r"^Trend: .+→.+Target 70%"))
    points = card.locator("polyline.values").get_attribute("points").split()
    assert len(points) >= 10, points
