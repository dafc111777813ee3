"""Questionnaires in the browser: a PHQ-9 answered in session with item 9 above 0 pauses coaching at once and puts a
safety alert on the practitioner's dashboard; the progress page draws the totals."""
from selenium.webdriver.common.by import By

from conftest import snapshot
from journeys import open_screened_engagement, practice_with_client
from test_walking_skeleton import submit


def answer(d, values):
    for number, value in enumerate(values, start=1):
        d.find_element(By.CSS_SELECTOR, f"input[name=item{number}][value='{value}']").click()


def test_phq9_risk_pauses_coaching_and_alerts(server, browser):
    d = browser
    practice_with_client(d, server)
    open_screened_engagement(d)
    d.find_element(By.PARTIAL_LINK_TEXT, "Progress").click()
    assert "No questionnaire yet." in d.page_source

    # An incomplete form is refused with the missing item named; nothing is saved.
    d.find_element(By.LINK_TEXT, "Record a PHQ-9").click()
    answer(d, [2, 2, 2, 2, 2, 2, 2, 2])
    submit(d, "button.primary")
    assert "item 9 is not answered" in d.find_element(By.CLASS_NAME, "error-summary").text

    answer(d, [2, 2, 2, 2, 2, 2, 2, 2, 1])
    submit(d, "button.primary")
    assert "coaching-edge tools are paused" in d.find_element(By.CLASS_NAME, "flash").text
    rows = d.find_elements(By.CSS_SELECTOR, ".data tbody tr")
    assert "17" in rows[0].text and "Moderately severe" in rows[0].text
    assert d.find_element(By.CSS_SELECTOR, "svg.chart title").get_attribute("textContent") == "PHQ-9 totals over time"
    snapshot(d, "30-progress")

    nav = d.find_element(By.CSS_SELECTOR, "nav").text
    assert "Alerts (1)" in nav
    # Safety first: Today leads with the alert, its reason and the answer given, and links to the answers.
    d.find_element(By.LINK_TEXT, "Today").click()
    first = d.find_element(By.CSS_SELECTOR, "main section.safety-first")
    assert "Safety first (1 open)" in first.text
    assert "PHQ-9 item 9, “Thoughts that you would be better off dead" in first.text
    assert "Several days (1)" in first.text
    first.find_element(By.LINK_TEXT, "See the answers").click()
    assert "/progress#measure-phq9" in d.current_url
    assert d.find_element(By.ID, "measure-phq9").is_displayed()

    nav = d.find_element(By.CSS_SELECTOR, "nav").text
    assert "Alerts (1)" in nav
    d.find_element(By.PARTIAL_LINK_TEXT, "Alerts").click()
    card = d.find_element(By.CSS_SELECTOR, ".alert-card.safety")
    assert "PHQ-9 item 9" in card.text
    snapshot(d, "31-alerts")
    # "Mark reviewed" asks what was done; without a note nothing changes and the summary leads to the note.
    submit(d, ".alert-card.safety button[type=submit]")
    summary = d.find_element(By.CLASS_NAME, "error-summary")
    assert "What you did is required." in summary.text
    summary.find_element(By.TAG_NAME, "a").click()
    note = d.switch_to.active_element
    assert note.tag_name == "textarea" and note.get_attribute("name").startswith("note-")
    card = d.find_element(By.CSS_SELECTOR, ".alert-card.safety")
    card.find_element(By.PARTIAL_LINK_TEXT, "with").click()
    assert "Safety first (1 open)" in d.find_element(By.CSS_SELECTOR, "section.safety-first").text
    banner = d.find_element(By.CSS_SELECTOR, "section.coaching").text
    assert "Coaching edge: Paused" in banner
    assert "PHQ-9 item 9" in banner

    d.find_element(By.PARTIAL_LINK_TEXT, "Alerts").click()
    note = d.find_element(By.CSS_SELECTOR, ".alert-card.safety textarea")
    note.send_keys("Called Jordan the same afternoon; safety plan agreed; GP informed.")
    submit(d, ".alert-card.safety button[type=submit]")
    assert "Nothing needs your review." in d.page_source
    d.find_element(By.LINK_TEXT, "Today").click()
    assert not d.find_elements(By.CSS_SELECTOR, "section.safety-first")
