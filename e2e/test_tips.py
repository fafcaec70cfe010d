"""Tips (step 3): a learner finds tips by searching in the French way, writes one with a
preview and publishes it; a colleague reacts and comments, which the author then sees; the
spotlight shows this month's creators; in French at phone width, a tip is saved and found
again among saved tips, and a draft stays its author's."""

import re

from playwright.sync_api import expect

from conftest import AMBASSADOR, LEARNER, axe_violations, open_page, sign_in, sign_in_fr


def test_publish_a_tip_that_a_colleague_reacts_to(page, browser, base_url):
    sign_in(page, LEARNER)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Tips", exact=True).first.click()
    expect(page.get_by_role("heading", name="Tips from the experts")).to_be_visible()
    expect(page.locator(".tip-card").first).to_be_visible()
    assert not axe_violations(page)

    # A plural without accents finds the singular with them.
    page.fill("#tips-search", "formations")
    expect(page.locator(".tip-card", has_text="Retrouver une formation en deux clics")).to_be_visible()
    page.fill("#tips-search", "zzzz introuvable")
    expect(page.get_by_text("No tip matches.")).to_be_visible()

    page.get_by_role("link", name="Write a tip").click()
    expect(page.get_by_role("heading", name="Write a tip")).to_be_visible()
    page.fill("#tip-title", "Ranger le rayon peinture")
    page.fill("#tip-body", "Les teintes **claires** en haut, les foncées en bas.\n\n- un nuancier par allée")
    page.fill("#tip-tags", "peinture, rayon")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview strong")).to_have_text("claires")
    assert not axe_violations(page)
    publish = page.get_by_role("button", name="Publish")
    publish.dblclick()
    page.wait_for_url(re.compile(r".*/tips/[0-9a-f-]{36}$"))
    tip_url = page.url
    expect(page.get_by_role("heading", name="Ranger le rayon peinture")).to_be_visible()
    expect(page.locator(".prose strong")).to_have_text("claires")
    expect(page.get_by_text("This is your tip: your colleagues react to it.")).to_be_visible()
    assert not axe_violations(page)
    # A double click published once.
    page.goto("/tips/mine")
    expect(page.locator(".tip-card", has_text="Ranger le rayon peinture")).to_have_count(1)

    context, colleague, errors = open_page(browser, base_url)
    try:
        sign_in(colleague, AMBASSADOR)
        colleague.wait_for_url("**/programmes")
        colleague.goto(tip_url)
        useful = colleague.get_by_role("button", name=re.compile("^Useful"))
        expect(useful).to_have_attribute("aria-pressed", "false")
        useful.click()
        expect(useful).to_have_attribute("aria-pressed", "true")
        expect(useful).to_contain_text("1")
        colleague.fill("#comment-body", "Bonne idée, je teste demain.")
        colleague.get_by_role("button", name="Comment", exact=True).click()
        expect(colleague.locator(".comment")).to_contain_text("Bonne idée, je teste demain.")
        assert not axe_violations(colleague)
        assert not errors, errors
    finally:
        context.close()

    page.goto(tip_url)
    expect(page.locator(".reactions")).to_contain_text("Useful 1")
    expect(page.locator(".comment")).to_contain_text("Karim Benali")

    page.get_by_role("link", name="Creator spotlight").click()
    expect(page.get_by_role("heading", name="Creator spotlight")).to_be_visible()
    expect(page.locator(".spotlight-entry").first).to_contain_text("Karim Benali")
    page.get_by_label("All time").check()
    expect(page.locator(".spotlight-entry")).to_have_count(10)
    assert not axe_violations(page)


def test_save_a_tip_in_french_at_phone_width(browser, base_url):
    context, page, errors = open_page(browser, base_url, locale="fr-FR", width=360)
    try:
        sign_in_fr(page, AMBASSADOR)
        page.wait_for_url("**/programmes")
        page.goto("/tips")
        expect(page.get_by_role("heading", name="Conseils des experts")).to_be_visible()
        page.get_by_label("Mot-clé").fill("caisse")
        page.get_by_label("Mot-clé").press("Enter")
        card = page.locator(".tip-card", has_text="Rendre la monnaie sans erreur")
        card.get_by_role("link").click()
        save = page.get_by_role("button", name="Enregistrer")
        save.click()
        expect(page.get_by_role("button", name="Enregistré")).to_have_attribute("aria-pressed", "true")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, width
        assert not axe_violations(page)

        page.get_by_role("link", name="Conseils enregistrés").click()
        expect(page.locator(".tip-card", has_text="Rendre la monnaie sans erreur")).to_be_visible()
        page.get_by_role("link", name="Mes conseils").click()
        draft = page.locator(".tip-card", has_text="Préparer l'inventaire sans stress")
        expect(draft).to_contain_text("Brouillon")
        draft.get_by_role("link").click()
        expect(page.get_by_text("Brouillon : vous seul le voyez tant qu'il n'est pas publié.")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, width
        assert not axe_violations(page)
        assert not errors, errors
    finally:
        context.close()
