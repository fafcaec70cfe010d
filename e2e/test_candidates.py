"""Finding ambassadors (step 2): the training team ranks candidates and reads why, invites
one from the pipeline; the person signs in, reads what the role involves and accepts;
coverage then counts them. A learner nominates a colleague."""

import re

from playwright.sync_api import expect

from conftest import ADMIN, LEARNER, axe_violations, open_page, sign_in, sign_in_fr

HUGO = ("hugo.garcia@horizon.example", LEARNER[1])


def test_invite_a_candidate_who_accepts_and_coverage_follows(page, browser, base_url):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Ambassadors").click()
    expect(page.get_by_role("heading", name="Training ambassadors")).to_be_visible()
    ranked = page.locator(".ranking > li")
    expect(ranked.first).to_be_visible()
    ranked.first.get_by_role("button", name="Score breakdown").click()
    expect(ranked.first.locator("table.breakdown tbody tr")).to_have_count(9)
    assert not axe_violations(page)

    page.get_by_role("tab", name="Coverage").click()
    versailles = page.locator("table.coverage-sites tr", has_text="Versailles")
    expect(versailles).to_contain_text("uncovered")

    page.get_by_role("tab", name="Pipeline").click()
    shortlisted = page.locator("section.column", has=page.get_by_role("heading", name=re.compile("^Shortlisted")))
    hugo = shortlisted.locator(".pipeline-card", has_text="Hugo Garcia")
    hugo.get_by_role("button", name="Invite… — Hugo Garcia").click()
    form = hugo.locator("form.invite-form")
    expect(form.get_by_label("Versailles (Île-de-France)")).to_be_checked()
    form.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("#candidates-notice")).to_have_text("Stage saved.")
    invited = page.locator("section.column", has=page.get_by_role("heading", name=re.compile("^Invited")))
    expect(invited).to_contain_text("Hugo Garcia")
    assert not axe_violations(page)

    context, person, errors = open_page(browser, base_url)
    try:
        sign_in(person, HUGO)
        person.wait_for_url("**/programmes")
        person.get_by_role("link", name="Ambassadors").click()
        invitation = person.locator("article.invitation")
        expect(invitation).to_contain_text("two hours a month")
        expect(invitation).to_contain_text("Versailles")
        assert not axe_violations(person)
        invitation.get_by_role("button", name="I accept").click()
        expect(person.locator("#ambassador-notice")).to_have_text("Welcome among the training ambassadors!")
        expect(invitation).to_contain_text("You accepted")
        assert not errors, errors
    finally:
        context.close()

    page.get_by_role("tab", name="Coverage").click()
    expect(page.locator("table.coverage-sites tr", has_text="Versailles")).to_contain_text("covered")
    expect(page.locator("table.coverage-sites tr", has_text="Versailles")).not_to_contain_text("uncovered")


def test_a_learner_nominates_a_colleague_in_french(page_fr):
    page = page_fr
    sign_in_fr(page, LEARNER)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Ambassadeurs").click()
    expect(page.get_by_role("heading", name="Mes invitations")).to_be_visible()
    # The demo learner has an invitation waiting.
    expect(page.locator("article.invitation")).to_contain_text("Lancement de la nouvelle appli")
    page.fill("#nominate-search", "Chloé Petit")
    page.get_by_role("button", name=re.compile("^Chloé Petit")).click()
    page.fill("#nominate-reason", "Elle montre l'appli à tous les nouveaux.")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator("#ambassador-notice")).to_have_text("Merci : l'équipe formation va la lire.")
    expect(page.locator(".card", has_text="Mes recommandations")).to_contain_text("Chloé Petit")
    assert not axe_violations(page)
    # A learner never reaches the training team's workspace.
    expect(page.get_by_role("tab", name="Classement")).to_have_count(0)


def test_the_workspace_fits_a_360_pixel_phone(browser, base_url):
    context, page, errors = open_page(browser, base_url, locale="fr-FR", width=360)
    try:
        sign_in_fr(page, ADMIN)
        page.wait_for_url("**/programmes")
        page.goto("/ambassadors")
        expect(page.locator(".ranking > li").first).to_be_visible()
        page.get_by_role("tab", name="Pipeline").click()
        expect(page.locator("section.column").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert not axe_violations(page)
        assert not errors, errors
    finally:
        context.close()
