"""The directory (step 2): a learner looks a colleague up by name and site and opens their
page; an admin imports the sample HR file — preview with what would change, then apply
with its progress — and finds the new store's people; a bad file lists its bad rows."""

import os
import re

from playwright.sync_api import expect

from conftest import ADMIN, LEARNER, axe_violations, open_page, sign_in, sign_in_fr

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "samples", "hr-export-horizon.csv")


def test_a_learner_finds_a_colleague_and_their_team(page):
    sign_in(page, LEARNER)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Directory").click()
    expect(page.get_by_role("heading", name="Directory")).to_be_visible()
    rows = page.locator("table.people tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.get_by_role("link", name="Import the HR file")).to_have_count(0)
    page.fill("#directory-search", "karim")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Paris Bastille")
    page.fill("#directory-search", "")
    page.select_option("#directory-region", label="Hauts-de-France")
    page.select_option("#directory-site", label="Amiens")
    page.select_option("#directory-level", "site_manager")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/directory/[0-9a-f-]{36}$"))
    expect(page.locator("dl.facts")).to_contain_text("Amiens (store)")
    expect(page.get_by_text("People managed (all levels):")).to_be_visible()
    expect(page.locator(".people-list li")).to_have_count(1)
    expect(page.get_by_text("HR id")).to_have_count(0)
    assert not axe_violations(page)


def test_an_admin_imports_the_sample_hr_file(page_fr):
    page = page_fr
    sign_in_fr(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/directory")
    page.get_by_role("link", name="Importer le fichier RH").click()
    expect(page.get_by_role("heading", name="Importer le fichier RH")).to_be_visible()
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.locator("#import-file-error")).to_have_text("Choisissez d'abord un fichier.")
    page.set_input_files("#import-file", SAMPLE)
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.locator("#import-outcome")).to_have_text("Rien n'a encore changé dans l'annuaire.", timeout=15000)
    tiles = page.locator(".tile")
    expect(tiles.filter(has_text="Créées")).to_contain_text("7")
    expect(tiles.filter(has_text="Désactivées")).to_contain_text("0")
    expect(page.locator("dl.facts")).to_contain_text("Pays de la Loire")
    expect(page.locator("dl.facts")).to_contain_text("Formation produit")
    expect(page.locator("table.import-changes tbody tr")).to_have_count(7)
    assert not axe_violations(page)
    page.get_by_role("button", name="Appliquer l'import").click()
    expect(page.locator("#import-outcome")).to_have_text("Import appliqué.", timeout=15000)
    expect(page.get_by_role("heading", level=2)).to_contain_text("Ce que l'import a changé")
    page.get_by_role("link", name="Voir l'annuaire").click()
    page.select_option("#directory-site", label="Angers Saint-Serge")
    expect(page.locator("table.people tbody tr")).to_have_count(7)


def test_a_bad_file_lists_its_bad_rows(page, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "hr_id,name,email,manager_hr_id\n"
        "X1,Ann Example,not-an-address,\n"
        "X2,Bob Example,bob@example.com,NOPE\n",
        encoding="utf-8",
    )
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/directory/import")
    page.set_input_files("#import-file", str(bad))
    page.get_by_role("button", name="Preview").click()
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(2, timeout=15000)
    expect(errors.nth(0)).to_contain_text("2")
    expect(errors.nth(0)).to_contain_text("email")
    expect(errors.nth(1)).to_contain_text("no one has the HR id NOPE")
    expect(page.get_by_role("button", name="Apply the import")).to_have_count(0)
    assert not axe_violations(page)


def test_the_directory_fits_a_360_pixel_phone(browser, base_url):
    context, page, errors = open_page(browser, base_url, locale="fr-FR", width=360)
    try:
        sign_in_fr(page, LEARNER)
        page.wait_for_url("**/programmes")
        page.goto("/directory")
        expect(page.locator("table.people tbody tr").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert not axe_violations(page)
        # A person's page too: long e-mails and site names wrap.
        page.locator("table.people tbody tr a").first.click()
        page.wait_for_url(re.compile(r".*/directory/[0-9a-f-]{36}$"))
        expect(page.locator("dl.facts")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert not errors, errors
    finally:
        context.close()
