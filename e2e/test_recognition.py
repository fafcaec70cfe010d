"""Recognition (step 3): a first tip earns its badge on the learner's profile within moments
(the event consumer gives it); she thanks a colleague, sees the week's leaderboard and leaves
it; in French, the training team creates a badge and gives it with a reason."""

import re

from playwright.sync_api import expect

from conftest import ADMIN, LEARNER, axe_violations, sign_in, sign_in_fr


def test_a_first_tip_earns_a_badge_and_a_colleague_is_thanked(page):
    sign_in(page, LEARNER)
    page.wait_for_url("**/programmes")
    page.goto("/tips/new")
    page.fill("#tip-title", "Mon premier conseil")
    page.fill("#tip-body", "Toujours vérifier le rendu monnaie à voix haute.")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r".*/tips/[0-9a-f-]{36}$"))

    page.get_by_role("link", name="Recognition").first.click()
    expect(page.get_by_role("heading", name="Contribution leaderboard")).to_be_visible()
    expect(page.locator(".leader").first).to_be_visible()
    assert not axe_violations(page)
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", name="Léa Petit")).to_be_visible()
    # The badge arrives with the background consumer: within seconds.
    badge = page.locator(".earned-badge", has_text="First tip")
    for _ in range(20):
        if badge.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(badge).to_be_visible()
    assert not axe_violations(page)

    page.goto("/recognition")
    karim = page.locator(".leader", has_text="Karim Benali")
    karim.get_by_role("link", name="Karim Benali").click()
    expect(page.get_by_role("heading", name="Karim Benali")).to_be_visible()
    expect(page.locator(".earned-badge", has_text="Pilier du magasin")).to_be_visible()
    page.fill("#kudos-message", "Merci pour ton aide à la caisse !")
    page.get_by_role("button", name="Send").dblclick()
    expect(page.get_by_role("status").filter(has_text="Thank-you sent.")).to_be_visible()
    expect(page.locator(".comment", has_text="Merci pour ton aide à la caisse !")).to_have_count(1)
    assert not axe_violations(page)

    page.goto("/recognition")
    page.get_by_label("Do not show me in leaderboards").check()
    expect(page.get_by_text("You appear in no leaderboard.")).to_be_visible()
    expect(page.locator(".leader", has_text="Léa Petit")).to_have_count(0)


def test_the_training_team_gives_a_badge_in_french(page_fr):
    page = page_fr
    sign_in_fr(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/recognition")
    page.get_by_role("link", name="Badges de l'équipe formation").click()
    expect(page.get_by_role("heading", name="Badges de l'équipe formation")).to_be_visible()
    page.fill("#badge-name", "Expert de la réserve")
    page.fill("#badge-description", "Connaît chaque casier.")
    page.get_by_role("button", name="Créer").click()
    expect(page.locator("#badges-notice")).to_have_text("Badge créé.")
    page.select_option("#give-badge", label="Expert de la réserve")
    page.fill("#give-person", "Hugo")
    page.get_by_role("button", name=re.compile("^Hugo Garcia")).click()
    page.fill("#give-reason", "A rangé toute la réserve avant l'inventaire.")
    page.get_by_role("button", name="Décerner").click()
    expect(page.locator("#badges-notice")).to_have_text("Badge décerné.")
    expect(page.locator(".earned-badge", has_text="Expert de la réserve")).to_contain_text("1")
    assert not axe_violations(page)
    # Again: refused, in French.
    page.fill("#give-person", "Hugo")
    page.get_by_role("button", name=re.compile("^Hugo Garcia")).click()
    page.fill("#give-reason", "Une deuxième fois pour voir.")
    page.select_option("#give-badge", label="Expert de la réserve")
    page.get_by_role("button", name="Décerner").click()
    expect(page.get_by_text("Cette personne a déjà ce badge.")).to_be_visible()
