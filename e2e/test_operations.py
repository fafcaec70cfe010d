"""The operations screen: an admin sees failed background jobs and the security log; nobody
else is offered it."""

import re

from playwright.sync_api import expect

from conftest import ADMIN, LEARNER, axe_violations, sign_in, sign_in_fr


def test_admin_reads_failed_jobs_and_the_security_log(page):
    sign_in(page, ADMIN)
    page.wait_for_url("**/programmes")
    page.get_by_role("link", name="Operations").click()
    page.wait_for_url("**/operations")
    expect(page).to_have_title(re.compile("^Operations"))
    jobs = page.locator(".card", has=page.get_by_role("heading", name="Background jobs"))
    expect(jobs.locator("tbody tr")).to_have_count(1)
    expect(jobs).to_contain_text("check probe")
    expect(jobs).to_contain_text("5 / 5")
    # Queued: the demo contests' closings, each waiting for the end of its voting window.
    page.select_option("#job-state", "queued")
    expect(jobs.locator("tbody tr", has_text="closing a contest")).to_have_count(2)
    page.select_option("#job-state", "running")
    expect(jobs).to_contain_text("No job in this state.")

    log = page.locator(".card", has=page.get_by_role("heading", name="Security log"))
    expect(log.locator("tbody tr", has_text="failed sign-in")).to_have_count(5)
    expect(log).to_contain_text("sign-ins blocked (too many failures)")
    expect(log).to_contain_text("203.0.113.54")
    assert not axe_violations(page)


def test_the_operations_screen_speaks_french(page_fr):
    sign_in_fr(page_fr, ADMIN)
    page_fr.wait_for_url("**/programmes")
    page_fr.get_by_role("link", name="Exploitation").click()
    expect(page_fr.get_by_role("heading", name="Journal de sécurité")).to_be_visible()
    expect(page_fr.locator("table.data").last).to_contain_text("connexion refusée")
    assert not axe_violations(page_fr)


def test_learners_are_not_offered_operations(page):
    sign_in(page, LEARNER)
    page.wait_for_url("**/programmes")
    expect(page.get_by_role("link", name="Operations")).to_have_count(0)
    page.goto("/operations")
    expect(page.get_by_role("alert")).to_have_count(1)
    expect(page.get_by_role("alert")).to_contain_text("Your role does not allow this action.")
    expect(page.locator("#job-state")).to_have_count(0)
