"""Nothing recorded in a live session is lost to the sign-in's idle limit (1 minute here): the live page's heartbeat
keeps her signed in through a quiet stretch; and when the sign-in has ended anyway, what she sent is kept in the
page, she signs in again, and it is sent then, back on the same session."""
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import run_server, snapshot
from journeys import EMAIL, PASSWORD, open_screened_engagement, practice_with_client
from test_live_session import press, shortcut
from test_walking_skeleton import fill, submit


@pytest.fixture
def server():
    """A server of its own for each test (each sets a practice up), with a 1-minute idle limit."""
    yield from run_server("--session-idle-minutes", "1")


def live_session(d, server):
    practice_with_client(d, server)
    open_screened_engagement(d)
    d.find_element(By.CSS_SELECTOR, ".schedule-form summary").send_keys(Keys.ENTER)
    d.execute_script("document.getElementById('time').value = '14:00'")
    press(d, d.find_element(By.ID, "lengthMinutes"), Keys.ENTER)
    press(d, d.switch_to.active_element, Keys.ENTER)
    assert "Opening" in d.find_element(By.CSS_SELECTOR, "[data-clock=phase]").text
    return d.current_url.split("?")[0]


def test_the_heartbeat_keeps_her_signed_in_through_a_quiet_stretch(server, browser):
    d = browser
    session = live_session(d, server)
    assert d.find_element(By.CSS_SELECTOR, "[data-heartbeat]").get_attribute("data-heartbeat-seconds") == "20"
    time.sleep(80)  # longer than the 1-minute idle limit, with nothing but the page's heartbeat
    shortcut(d, "1")
    assert d.current_url.startswith(session), d.current_url
    assert len(d.find_elements(By.CSS_SELECTOR, ".live-side .marker-row")) == 1, "the marker was recorded, no sign-in asked"
    # That any other page left as long still signs out is SessionPagesTests' (a beat is not activity).


def test_a_form_sent_after_the_sign_in_ended_is_sent_after_signing_in_again_in_place(server, browser):
    d = browser
    session = live_session(d, server)
    page = d.find_element(By.TAG_NAME, "html")
    # No heartbeat (as if the laptop slept): the sign-in runs out while she types the agreement.
    d.execute_script("for (let i = 1; i < 10000; i++) clearInterval(i);")
    time.sleep(65)
    fill(d, {"clientWords": "I want Mondays to stop ruining my Sundays", "focus": "Sunday evening dread"})
    d.find_element(By.ID, "focus").send_keys(Keys.ENTER)
    # The sign-in is asked for over the page, which stays as it was, with what she typed.
    dialog = WebDriverWait(d, 10).until(lambda drv: drv.find_element(By.CSS_SELECTOR, "dialog.sign-in-again[open]"))
    assert "What you recorded is kept" in dialog.text
    assert d.current_url.startswith(session) and "signin" not in d.current_url
    WebDriverWait(d, 10).until(lambda drv: drv.find_element(By.ID, "again-email"))
    assert d.switch_to.active_element.get_attribute("id") == "again-email", "the focus goes to the sign-in"
    snapshot(d, "never-lost-sign-in-in-place")
    # A wrong password is refused inside the dialog, which stays.
    d.find_element(By.ID, "again-email").send_keys(EMAIL)
    d.find_element(By.ID, "again-password").send_keys("not the password at all")
    d.find_element(By.CSS_SELECTOR, "dialog button.primary").click()
    WebDriverWait(d, 10).until(lambda drv: "The email or password is not right." in drv.find_element(By.CSS_SELECTOR, "dialog").text)
    d.find_element(By.ID, "again-password").clear()
    d.find_element(By.ID, "again-password").send_keys(PASSWORD)
    before = d.execute_script("return document.documentElement.dataset.exchanges || '0'")
    d.find_element(By.CSS_SELECTOR, "dialog button.primary").click()
    # Signed in again, the page sends what she typed, and it lands in place: no page was loaded.
    WebDriverWait(d, 15).until(lambda drv: drv.execute_script("return document.documentElement.dataset.exchanges || '0'") != before)
    assert not d.find_elements(By.CSS_SELECTOR, "dialog.sign-in-again")
    assert page.is_enabled(), "the same page, not a new one"
    assert d.current_url.startswith(session)
    assert "I want Mondays to stop ruining my Sundays" in d.find_element(By.CSS_SELECTOR, "#agreement .client-words").text
    assert d.find_element(By.CSS_SELECTOR, "#agreement .sent").text == "Agreement saved."
    # The page's forms carry the new sign-in's token: the next marker is saved too.
    shortcut(d, "1")
    assert len(d.find_elements(By.CSS_SELECTOR, ".live-side .marker-row")) == 1
    snapshot(d, "never-lost-agreement")
    d.refresh()
    assert len(d.find_elements(By.CSS_SELECTOR, "#agreement .client-words")) == 1, "sent once, not again on reload"
    assert len(d.find_elements(By.CSS_SELECTOR, ".live-side .marker-row")) == 1
