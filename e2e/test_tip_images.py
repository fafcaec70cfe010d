"""Tip images (step 3): Karim adds a photo to one of his tips, saying what it shows; a
colleague sees it on the tip's page; Karim removes it again."""

import re
import struct
import zlib

from playwright.sync_api import expect

from conftest import AMBASSADOR, LEARNER, axe_violations, open_page, sign_in


def small_png(path, width=40, height=30):
    """A PNG written by hand (no imaging library in the test environment)."""
    raw = b"".join(
        b"\x00" + b"".join(bytes([x * 6 % 256, y * 8 % 256, 120]) for x in range(width)) for y in range(height)
    )

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def test_an_ambassador_illustrates_a_tip(page, tmp_path, browser, base_url):
    picture = small_png(tmp_path / "rayon.png")
    sign_in(page, AMBASSADOR)
    page.wait_for_url("**/programmes")
    page.goto("/tips/mine")
    page.locator(".tip-card:not(:has(.status-draft)) .tip-title a").first.click()
    page.wait_for_url(re.compile(r".*/tips/[0-9a-f-]{36}$"))
    tip_url = page.url
    page.get_by_role("link", name="Edit").click()
    page.wait_for_url(re.compile(r".*/edit$"))
    page.get_by_role("button", name="Save the image").click()
    expect(page.locator("#image-file")).to_have_attribute("aria-invalid", "true")
    page.set_input_files("#image-file", str(picture))
    page.fill("#image-alt", "Le rayon après rangement")
    page.get_by_role("button", name="Save the image").dblclick()
    expect(page.get_by_role("status").filter(has_text="Image saved.")).to_be_visible()
    expect(page.locator(".tip-image img")).to_have_attribute("alt", "Le rayon après rangement")
    assert not axe_violations(page)

    context, other, errors = open_page(browser, base_url)
    sign_in(other, LEARNER)
    other.wait_for_url("**/programmes")
    other.goto(tip_url)
    image = other.locator(".tip-image img")
    expect(image).to_have_attribute("alt", "Le rayon après rangement")
    expect(image).to_have_attribute("src", re.compile("^blob:"))
    other.wait_for_function("() => document.querySelector('.tip-image img').naturalWidth === 40")
    assert not axe_violations(other)
    context.close()
    assert not errors, errors

    page.get_by_role("button", name="Remove the image").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status").filter(has_text="Image removed.")).to_be_visible()
    expect(page.locator(".tip-image img")).to_have_count(0)
