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
    d.find_element(By.PARTIAL_LINK_TEXT, "Alerts").click()
    assert "Safety" in d.find_element(By.CSS_SELECTOR, "table.list").text
    d.find_element(By.LINK_TEXT, "Therapy engagement").click()
    banner = d.find_element(By.CSS_SELECTOR, "section.coaching").text
    assert "Coaching edge: Paused" in banner
    assert "PHQ-9 item 9" in banner
