"""Invitation links: an admin makes a sign-in link for a person imported from the HR file
(who has no password), the person opens it in their own browser, chooses a password and is
signed in; the link then no longer works."""

import re

from playwright.sync_api import expect

from conftest import ADMIN, axe_violations, open_page, sign_in


def test_an_imported_person_gets_in_with_a_link(page, browser, base_url):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/directory")
    page.fill("#directory-search", "Valérie Schmitt")
    rows = page.locator("table.people tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/directory/[0-9a-f-]{36}$"))
    expect(page.locator("dl.facts")).to_contain_text("no password yet (to invite)")
    page.get_by_role("button", name=re.compile("Sign-in link")).click()
    link_field = page.locator(".invite-link input")
    expect(link_field).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/welcome\?token=[A-Za-z0-9_-]{43}$"))
    link = link_field.input_value()
    assert not axe_violations(page)

    context, invited, errors = open_page(browser, base_url, locale="fr-FR")
    try:
        invited.goto(link)
        expect(invited.get_by_role("heading", name="Bienvenue sur Relais")).to_be_visible()
        expect(invited.locator("section")).to_contain_text("Valérie Schmitt — Horizon Maison")
        invited.fill("#new-password", "ma phrase de passe à moi")
        invited.fill("#confirm-password", "ma phrase de passe a moi")
        invited.get_by_role("button", name="Enregistrer et me connecter").click()
        expect(invited.locator("#confirm-password-error")).not_to_be_empty()
        invited.fill("#confirm-password", "ma phrase de passe à moi")
        invited.get_by_role("button", name="Enregistrer et me connecter").click()
        invited.wait_for_url("**/programmes")
        assert not axe_violations(invited)
        # The link is used up.
        invited.goto(link)
        expect(invited.get_by_role("alert")).to_contain_text("Ce lien ne fonctionne plus")
        assert not errors, errors
    finally:
        context.close()


def test_an_account_made_without_a_password_gets_a_link(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/people")
    page.get_by_role("button", name="New person").click()
    page.fill("#person-name", "Zoé Nouvelle")
    page.fill("#person-email", "zoe.nouvelle@horizon.example")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".notice")).to_contain_text("Account created without a password")
    page.fill("#people-search", "zoe.nouvelle")
    rows = page.locator("table.people tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("button", name=re.compile("Sign-in link")).click()
    expect(rows.first.locator(".invite-link input")).to_have_value(re.compile(r"/welcome\?token="))
