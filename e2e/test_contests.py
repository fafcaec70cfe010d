"""Contests (step 3): Léa votes in the demo contest that is in its voting window (a double
click votes once, the vote can be taken back), and reads the finished contest's results; in
French, the training team creates a jury contest."""

import re

from playwright.sync_api import expect

from conftest import ADMIN, LEARNER, axe_violations, sign_in, sign_in_fr


def test_a_learner_votes_in_the_demo_contest(page):
    sign_in(page, LEARNER)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Contests").first.click()
    expect(page.get_by_role("heading", name="Voting open")).to_be_visible()
    assert not axe_violations(page)
    page.get_by_role("link", name="Votre meilleure astuce pour l'appli vendeur").click()
    expect(page.get_by_role("heading", name="Votre meilleure astuce pour l'appli vendeur")).to_be_visible()
    used = page.locator("#votes-used")
    expect(used).to_have_text("Votes used: 0 of 3")
    first = page.locator(".entry-card").first
    first.get_by_role("button", name="Vote").dblclick()
    expect(page.get_by_role("status").filter(has_text="Vote recorded.")).to_be_visible()
    expect(used).to_have_text("Votes used: 1 of 3")
    expect(first.get_by_role("button", name="Vote")).to_have_attribute("aria-pressed", "true")
    assert not axe_violations(page)

    # The vote stays after a reload, and can be taken back while voting is open.
    page.reload()
    first = page.locator(".entry-card").first
    expect(page.locator("#votes-used")).to_have_text("Votes used: 1 of 3")
    expect(first.get_by_role("button", name="Vote")).to_have_attribute("aria-pressed", "true")
    first.get_by_role("button", name="Vote").click()
    expect(page.get_by_role("status").filter(has_text="Vote taken back.")).to_be_visible()
    expect(first.get_by_role("button", name="Vote")).to_have_attribute("aria-pressed", "false")
    # Three votes, then the others wait until one is taken back.
    cards = page.locator(".entry-card")
    for n in range(3):
        cards.nth(n).get_by_role("button", name="Vote").click()
        expect(used).to_have_text(f"Votes used: {n + 1} of 3")
    fourth = cards.nth(3).get_by_role("button", name="Vote")
    expect(fourth).to_have_attribute("aria-disabled", "true")
    expect(page.locator("#cap-reached")).to_be_visible()
    cards.nth(0).get_by_role("button", name="Vote").click()
    expect(fourth).to_have_attribute("aria-disabled", "false")

    page.get_by_role("link", name="All contests").click()
    page.get_by_role("link", name="Le geste qui fait gagner du temps en caisse").click()
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    expect(page.locator("tr.winner")).to_have_count(1)
    expect(page.locator("tr.winner")).to_contain_text("Winner")
    assert not axe_violations(page)


def test_the_training_team_creates_a_jury_contest_in_french(page_fr):
    page = page_fr
    sign_in_fr(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/contests")
    page.get_by_role("link", name="Nouveau concours").click()
    expect(page.get_by_role("heading", name="Nouveau concours")).to_be_visible()
    page.fill("#contest-title", "Le meilleur conseil réception")
    page.fill("#contest-rules", "Un conseil publié sur la réception des marchandises.")
    page.get_by_label("Jury", exact=True).check()
    # Nothing named: the form says which fields are missing, before sending.
    page.get_by_role("button", name="Créer le concours").click()
    expect(page.locator("#contest-juror-search")).to_have_attribute("aria-invalid", "true")
    page.locator("input[id^='criterion-name-']").first.fill("Utilité")
    page.fill("#contest-juror-search", "Karim")
    page.get_by_role("button", name=re.compile("Karim Benali")).click()
    expect(page.locator("ul.chips")).to_contain_text("Karim Benali")
    assert not axe_violations(page)
    page.get_by_role("button", name="Créer le concours").dblclick()
    page.wait_for_url(re.compile(r".*/contests/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", name="Le meilleur conseil réception")).to_be_visible()
    expect(page.get_by_text("À venir")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Karim Benali")
    assert not axe_violations(page)
    page.goto("/contests")
    expect(page.get_by_role("link", name="Le meilleur conseil réception")).to_have_count(1)
