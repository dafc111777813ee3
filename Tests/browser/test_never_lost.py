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


def test_a_form_sent_after_the_sign_in_ended_is_sent_again_after_signing_in(server, browser):
    d = browser
    session = live_session(d, server)
    # No heartbeat (as if the laptop slept): the sign-in runs out while she types the agreement.
    d.execute_script("for (let i = 1; i < 10000; i++) clearInterval(i);")
    time.sleep(65)
    fill(d, {"clientWords": "I want Mondays to stop ruining my Sundays", "focus": "Sunday evening dread"})
    press(d, d.find_element(By.ID, "focus"), Keys.ENTER)
    assert "/signin" in d.current_url, "the ended sign-in is asked for again"
    assert "next=%2Fsessions%2F" in d.current_url or "next=/sessions/" in d.current_url, d.current_url
    fill(d, {"email": EMAIL, "password": PASSWORD})
    submit(d, "button.primary")
    # Back on the session, the page sends what she typed, and it lands.
    WebDriverWait(d, 10).until(lambda drv: "done=" in drv.current_url)
    assert d.current_url.startswith(session)
    assert "I want Mondays to stop ruining my Sundays" in d.find_element(By.CSS_SELECTOR, "#agreement .client-words").text
    snapshot(d, "never-lost-agreement")
    d.refresh()
    assert len(d.find_elements(By.CSS_SELECTOR, "#agreement .client-words")) == 1, "sent once, not again on reload"
