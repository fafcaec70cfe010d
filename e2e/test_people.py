"""The people screen: an admin finds people by name, role and status, edits a name and a
role in place, and at 360 px every person reads as a card with nothing off screen."""

import re

from playwright.sync_api import expect

from conftest import ADMIN, axe_violations, open_page, sign_in, sign_in_fr


def test_admin_finds_and_edits_people(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/people")
    rows = page.locator("table.people tbody tr")
    expect(rows.first).to_be_visible()
    everyone = rows.count()
    page.fill("#people-search", "LÉA PET")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("lea.petit@horizon.example")
    page.fill("#people-search", "")
    page.select_option("#people-role", "ambassador")
    expect(rows.first).to_contain_text("training ambassador")
    assert rows.count() < everyone
    page.select_option("#people-role", "")
    page.select_option("#people-status", "inactive")
    expect(page.get_by_text("No one matches this search.")).to_be_visible()
    page.select_option("#people-status", "")

    page.fill("#people-search", "lea.petit")
    row = rows.first
    row.get_by_role("button", name="Edit").click()
    form = page.locator("tr.edit-row form")
    form.locator("input[name=display_name]").fill("Léa Petit-Martin")
    form.locator("select[name=role]").select_option("ambassador")
    form.get_by_role("button", name="Save").click()
    expect(page.locator(".notice")).to_have_text("Person saved.")
    expect(rows.first).to_contain_text("Léa Petit-Martin")
    expect(rows.first).to_contain_text("training ambassador")

    # An admin's own role is changed by another admin.
    page.fill("#people-search", "claire.martin")
    rows.first.get_by_role("button", name="Edit").click()
    expect(page.locator("tr.edit-row select[name=role]")).to_be_disabled()
    page.locator("tr.edit-row").get_by_role("button", name="Cancel").click()
    expect(page.locator("tr.edit-row")).to_have_count(0)
    assert not axe_violations(page)


def test_people_read_as_cards_at_360_pixels(browser, base_url):
    context, page, errors = open_page(browser, base_url, locale="fr-FR", width=360)
    try:
        sign_in_fr(page, ADMIN)
        page.wait_for_url("**/programmes")
        page.goto("/people")
        first = page.locator("table.people tbody tr").first
        expect(first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        expect(first.locator("td").first).to_have_attribute("data-label", "Nom affiché")
        box = first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        assert not axe_violations(page)
    finally:
        context.close()
    assert not errors, errors
