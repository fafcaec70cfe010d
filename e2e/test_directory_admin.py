"""The training team keeps the directory by hand as well as by import: regions, sites and
expertise domains on their own screen; a person's work facts and field observations on the
person's page."""

import re

from playwright.sync_api import expect

from conftest import ADMIN, axe_violations, sign_in, sign_in_fr


def test_an_admin_keeps_regions_sites_and_domains(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/directory")
    page.get_by_role("link", name="Regions, sites and domains").click()
    expect(page.get_by_role("heading", name="Regions, sites and domains", level=1)).to_be_visible()
    page.fill("#new-region", "Bretagne")
    page.locator("form", has=page.locator("#new-region")).get_by_role("button", name="Add").click()
    expect(page.locator("#places-notice")).to_have_text("Saved.")
    page.fill("#new-site", "Rennes Cleunay")
    page.select_option("#new-site-region", label="Bretagne")
    page.locator("form", has=page.locator("#new-site")).get_by_role("button", name="Add").click()
    expect(page.locator("table.places-sites")).to_contain_text("Rennes Cleunay")
    # A region with a site cannot go.
    region = page.locator("ul.places li").filter(has=page.get_by_label("Name — Bretagne"))
    region.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.locator("table.places-sites tr", has_text="Rennes Cleunay").get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.locator("table.places-sites")).not_to_contain_text("Rennes Cleunay")
    page.fill("#new-domain", "Formation produit")
    page.locator("form", has=page.locator("#new-domain")).get_by_role("button", name="Add").click()
    expect(page.get_by_label("Name — Formation produit")).to_have_count(1)
    assert not axe_violations(page)


def test_an_admin_edits_work_facts_and_records_an_observation_in_french(page_fr):
    page = page_fr
    sign_in_fr(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/directory")
    page.fill("#directory-search", "Hugo Garcia")
    page.locator("table.people tbody tr a").first.click()
    page.wait_for_url(re.compile(r".*/directory/[0-9a-f-]{36}$"))
    page.get_by_role("button", name="Modifier les informations de travail").click()
    expect(page.locator("#work-facts-heading")).to_be_focused()
    page.fill("#facts-job-title", "Vendeur expert cuisine")
    page.select_option("#facts-level", "team_lead")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Informations enregistrées.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Vendeur expert cuisine")
    expect(page.locator("dl.facts")).to_contain_text("chef d'équipe")

    page.get_by_role("button", name="Enregistrer l'observation").click()
    expect(page.locator("#observation-note-error")).not_to_be_empty()
    page.select_option("#observation-rating", "5")
    page.fill("#observation-note", "Montre l'appli à chaque nouvel arrivant.")
    page.get_by_role("button", name="Enregistrer l'observation").click()
    expect(page.locator("ul.observations")).to_contain_text("5/5")
    assert not axe_violations(page)
