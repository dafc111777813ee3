"""The ethical frame in the browser: open a therapy engagement, screen the client coachable, then see that the same
practitioner cannot also become the client's coach."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import snapshot
from journeys import practice_with_client, record_consent, screen_coachable
from test_walking_skeleton import fill, submit


def test_engagement_screening_and_role_separation(server, browser):
    d = browser
    practice_with_client(d, server)
    assert "No engagement yet." in d.page_source

    # Open a therapy engagement; a missing goal is named first.
    d.find_element(By.LINK_TEXT, "Open an engagement").click()
    d.find_element(By.ID, "role").click()  # therapy is the first role
    submit(d, "button.primary")
    assert "Write at least one goal" in d.find_element(By.ID, "goal1-error").text
    fill(d, {"goal1": "Sleep through the night and stop dreading Mondays"})
    submit(d, "button.primary")
    assert d.find_element(By.TAG_NAME, "h1").text == "Therapy with Jordan Avery"
    assert "Coaching edge: Not screened" in d.find_element(By.CSS_SELECTOR, "section.coaching").text
    snapshot(d, "10-engagement-opened")
    engagement_url = d.current_url.split("?")[0]

    # Screen: every answer by keyboard-reachable radios; the result lists its reasons.
    screen_coachable(d)
    snapshot(d, "11-screening-form")
    d.find_element(By.ID, "confidence").send_keys(Keys.ENTER)
    assert d.find_element(By.ID, "result-heading").text == "Result: Coachable"
    assert "Prefers a directive style." in d.find_element(By.CSS_SELECTOR, "ul.reasons").text
    snapshot(d, "12-screening-result")
    d.get(engagement_url)
    # Screened coachable, the tools still wait for the client's consent; given in the room, they are offered.
    banner = d.find_element(By.CSS_SELECTOR, "section.coaching").text
    assert "Coaching edge: Consent needed" in banner and "Consent to the coaching edge: not on file." in banner
    record_consent(d)
    banner = d.find_element(By.CSS_SELECTOR, "section.coaching").text
    assert "Coaching edge: Coachable" in banner and "given in the room, recorded by the practitioner on" in banner

    # A boundary crossing lands on the timeline; an addendum keeps the original.
    d.find_element(By.LINK_TEXT, "Record a boundary crossing").click()
    d.find_element(By.ID, "kind-gift").click()
    fill(d, {"rationale": "A small card at the last session; refusing it would shame.", "clientResponse": "Smiled, relieved."})
    submit(d, "button.primary")
    entry = d.find_element(By.CSS_SELECTOR, ".timeline .entry.crossing")
    assert "Gift given or received" in entry.text
    entry.find_element(By.TAG_NAME, "summary").click()
    entry.find_element(By.TAG_NAME, "textarea").send_keys("The card held a gift voucher; returned it with thanks.")
    submit(d, ".timeline .entry.crossing button[type=submit]")
    entry = d.find_element(By.CSS_SELECTOR, ".timeline .entry.crossing")
    assert "A small card at the last session; refusing it would shame." in entry.text
    assert "returned it with thanks" in entry.find_element(By.CLASS_NAME, "addenda").text
    snapshot(d, "14-engagement-timeline")

    # The same practitioner tries to become the client's coach: refused, with the reason on the form.
    d.find_element(By.LINK_TEXT, "Jordan Avery").click()
    d.find_element(By.LINK_TEXT, "Open an engagement").click()
    d.find_element(By.ID, "role-coaching").click()
    fill(d, {"goal1": "Find a new job"})
    submit(d, "button.primary")
    summary = d.find_element(By.CLASS_NAME, "error-summary").text
    assert "Maya Brooks is this client's therapist" in summary
    assert "Refer the client to another coach." in summary
    assert d.find_element(By.NAME, "goal1").get_attribute("value") == "Find a new job", "nothing typed is lost"
    snapshot(d, "13-role-separation-refused")

    # The client record still lists exactly one engagement.
    d.get(engagement_url)
    d.find_element(By.LINK_TEXT, "Jordan Avery").click()
    rows = d.find_elements(By.CSS_SELECTOR, "section table.list tbody tr")
    assert [r.find_element(By.TAG_NAME, "a").text for r in rows] == ["Therapy"]
