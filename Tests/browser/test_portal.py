"""The client portal on a phone-sized screen: the practitioner invites, the client sets a password, answers the
pre-session question, fills a PHQ-9 and ticks an action step; the practitioner then sees it all in the next
session's opening."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import snapshot
from journeys import EMAIL, PASSWORD, api, practice_over_api
from test_walking_skeleton import fill, submit


def test_portal_on_a_phone(server, browser):
    d = browser
    # The practitioner's part, prepared over the API: a coachable engagement, a session with an action step, the next one.
    token, _, e = practice_over_api(d, server)
    first = api(server, token, "POST", f"/engagements/{e}/sessions", {"scheduledAt": "2026-01-05T09:00:00Z"})["id"]
    api(server, token, "POST", f"/sessions/{first}/start")
    api(server, token, "PUT", f"/sessions/{first}/agreement", {"clientWords": "Sleep again", "focus": "Evenings"})
    api(server, token, "POST", f"/sessions/{first}/takeaways", {"text": "I can rest without earning it", "source": "client"})
    api(server, token, "POST", f"/sessions/{first}/action-steps", {"text": "Phone off at ten"})
    api(server, token, "POST", f"/sessions/{first}/end")
    nxt = api(server, token, "POST", f"/engagements/{e}/sessions", {"scheduledAt": "2030-01-12T09:00:00Z"})["id"]
    d.get(server + f"/engagements/{e}")
    d.find_element(By.CSS_SELECTOR, "#portal summary").click()
    fill(d, {"every-phq9": "1"})
    submit(d, "form[action$='/portal-settings'] button")
    submit(d, "form[action$='/invitations'] button")
    link = d.find_element(By.ID, "invitation-url").text
    assert "/portal/invitations/" in link

    # The client, on a phone, in Kolkata: the portal reads times in her own zone, with no zone id.
    d.delete_all_cookies()
    d.set_window_size(320, 700)
    d.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Asia/Kolkata"})
    d.get(link)
    assert d.find_element(By.TAG_NAME, "h1").text == "Welcome, Jordan Avery"
    fill(d, {"email": "jordan@example.org", "password": "a calm river at dawn"})
    submit(d, "button.primary")
    assert "Your portal is ready" in d.find_element(By.CLASS_NAME, "flash").text
    assert d.execute_script("return document.documentElement.scrollWidth") <= 320, "no sideways scrolling at 320 px"
    assert "Times are in your own time zone (UTC+5:30)." in d.find_element(By.CLASS_NAME, "lede").text
    assert "Sat 12 Jan 2030, 14:30" in d.find_element(By.ID, "next").text, "09:00 UTC, read in Kolkata"
    assert "Asia/Kolkata" not in d.page_source
    snapshot(d, "40-portal-home-phone")

    d.find_element(By.CSS_SELECTOR, "#next textarea").send_keys("I want to talk about my sister")
    submit(d, "#next form button")
    assert "I want to talk about my sister" in d.find_element(By.CSS_SELECTOR, "#next textarea").get_attribute("value")

    d.find_element(By.CSS_SELECTOR, "#steps input[value=partly]").click()
    d.find_element(By.CSS_SELECTOR, "#steps input[name=note]").send_keys("Four nights of seven")
    submit(d, "#steps form button")
    assert "You said: Partly" in d.find_element(By.ID, "steps").text

    # Her sign-in ends (the cookie is gone, as after the idle limit) while she writes: the portal asks her to sign in
    # over the page, then sends what she wrote, in place.
    page = d.find_element(By.TAG_NAME, "html")
    d.delete_cookie("tandem_portal")
    box = d.find_element(By.CSS_SELECTOR, "#next textarea")
    box.clear()
    box.send_keys("My sister, and sleep")
    d.find_element(By.CSS_SELECTOR, "#next form button").click()
    WebDriverWait(d, 10).until(lambda drv: drv.find_element(By.ID, "again-email"))
    assert d.execute_script("return document.documentElement.scrollWidth") <= 320, "the sign-in fits the phone"
    snapshot(d, "42-portal-sign-in-in-place-phone")
    d.find_element(By.ID, "again-email").send_keys("jordan@example.org")
    d.find_element(By.ID, "again-password").send_keys("a calm river at dawn")
    before = d.execute_script("return document.documentElement.dataset.exchanges || '0'")
    d.find_element(By.CSS_SELECTOR, "dialog button.primary").click()
    WebDriverWait(d, 15).until(lambda drv: drv.execute_script("return document.documentElement.dataset.exchanges || '0'") != before)
    assert page.is_enabled() and not d.find_elements(By.CSS_SELECTOR, "dialog")
    d.refresh()
    assert d.find_element(By.CSS_SELECTOR, "#next textarea").get_attribute("value") == "My sister, and sleep"
    box = d.find_element(By.CSS_SELECTOR, "#next textarea")
    box.clear()
    box.send_keys("I want to talk about my sister")
    submit(d, "#next form button")

    d.find_element(By.PARTIAL_LINK_TEXT, "PHQ-9").click()
    for number in range(1, 10):
        d.find_element(By.CSS_SELECTOR, f"input[name=item{number}][value='{1 if number < 9 else 0}']").click()
    snapshot(d, "41-portal-phq9-phone")
    submit(d, "button.primary")
    assert "Your answers are saved" in d.find_element(By.CLASS_NAME, "flash").text

    # Back to the practitioner: the next session's opening shows the tick and the proposal.
    d.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})
    d.delete_all_cookies()
    d.set_window_size(1280, 900)
    api(server, token, "POST", f"/sessions/{nxt}/start")
    d.get(server + "/signin")
    fill(d, {"email": EMAIL, "password": PASSWORD})
    submit(d)
    d.get(server + f"/sessions/{nxt}")
    opening = d.find_element(By.CLASS_NAME, "opening-part").get_attribute("textContent")
    assert "The client ticked in the portal: Partly, “Four nights of seven”" in opening
    assert "Proposed by the client in the portal: “I want to talk about my sister”" in opening
    measures = api(server, token, "GET", f"/engagements/{e}/measures")["items"]
    assert [m["respondent"] for m in measures] == ["clientPortal"]
