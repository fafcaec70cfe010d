"""Modules (step 3): Léa finds a module in the catalogue, says she completed it and opens the
profile of its expert, where the module is credited; in French, the training team adds a
module that lives in the LMS (a bad address is refused next to its field)."""

import re

from playwright.sync_api import expect

from conftest import ADMIN, LEARNER, axe_violations, sign_in, sign_in_fr


def test_a_learner_completes_a_module_and_meets_its_expert(page):
    sign_in(page, LEARNER)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Modules").first.click()
    expect(page.get_by_role("heading", name="Training modules")).to_be_visible()
    page.get_by_label("Expertise domain").select_option(label="Management d'équipe")
    expect(page.locator(".module-card")).to_have_count(2)
    assert not axe_violations(page)
    page.get_by_role("link", name="Brief du matin efficace").click()
    expect(page.get_by_role("heading", name="Brief du matin efficace")).to_be_visible()
    expect(page.get_by_role("link", name="Take the module in the LMS")).to_have_attribute(
        "href", "https://lms.horizon.example/modules/brief-matin"
    )
    done = page.get_by_role("button", name="I completed this module")
    expect(done).to_have_attribute("aria-pressed", "false")
    done.dblclick()
    expect(page.get_by_role("status").filter(has_text="Noted: module completed.")).to_be_visible()
    expect(done).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("You completed it on")).to_be_visible()
    assert not axe_violations(page)

    page.get_by_role("link", name="Karim Benali").click()
    expect(page.get_by_role("heading", name="Karim Benali")).to_be_visible()
    credited = page.locator("ul.credited-modules")
    expect(credited.get_by_role("link", name="Brief du matin efficace")).to_be_visible()
    assert not axe_violations(page)


def test_the_training_team_adds_an_lms_module_in_french(page_fr):
    page = page_fr
    sign_in_fr(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.goto("/modules")
    page.get_by_role("link", name="Nouveau module").click()
    page.fill("#module-title", "Ouvrir le magasin en sécurité")
    page.fill("#module-duration", "20")
    page.get_by_label("Dans le LMS").check()
    page.fill("#module-url", "javascript:alert(1)")
    page.get_by_role("button", name="Ajouter au catalogue").click()
    expect(page.locator("#module-url")).to_have_attribute("aria-invalid", "true")
    page.fill("#module-url", "https://lms.horizon.example/modules/ouverture")
    page.fill("#module-activity", "https://lms.horizon.example/xapi/activities/ouverture")
    page.fill("#module-expert-search", "Karim")
    page.get_by_role("button", name=re.compile("Karim Benali")).click()
    assert not axe_violations(page)
    page.get_by_role("button", name="Ajouter au catalogue").dblclick()
    page.wait_for_url(re.compile(r".*/modules/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", name="Ouvrir le magasin en sécurité")).to_be_visible()
    expect(page.get_by_text("https://lms.horizon.example/xapi/activities/ouverture")).to_be_visible()
    assert not axe_violations(page)
    page.goto("/modules")
    expect(page.get_by_role("link", name="Ouvrir le magasin en sécurité")).to_have_count(1)
