"""A whole session run with the keyboard, with the client in the room: start, agreement, markers by shortcut, a
redirect, a question from the library, takeaways of both sources, an action step, end; a reload in the middle loses
nothing."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import snapshot
from journeys import open_screened_engagement, practice_with_client
from test_walking_skeleton import answered, exchanges, fill, replaced, submit


def press(driver, element, key):
    """Sends one key to an element and waits for the answer: a new page, or the page's parts swapped in place."""
    page = driver.find_element(By.TAG_NAME, "html")
    before = exchanges(driver)
    element.send_keys(key)
    WebDriverWait(driver, 10).until(answered(page, before))


def shortcut(driver, key):
    """A shortcut typed while no field has the focus."""
    driver.execute_script("document.activeElement && document.activeElement.blur()")
    press(driver, driver.find_element(By.TAG_NAME, "body"), key)


def records(driver, selector):
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, selector)]


def test_a_whole_session_by_keyboard(server, browser):
    d = browser
    practice_with_client(d, server)
    open_screened_engagement(d)

    # Schedule today at 14:00 (the time field is set directly: its typing format depends on the browser's locale).
    d.find_element(By.CSS_SELECTOR, ".schedule-form summary").send_keys(Keys.ENTER)
    d.execute_script("document.getElementById('time').value = '14:00'")
    press(d, d.find_element(By.ID, "lengthMinutes"), Keys.ENTER)
    assert d.find_element(By.TAG_NAME, "h1").text == "Session with Jordan Avery"
    assert "10 min" in d.find_element(By.CSS_SELECTOR, ".phases").get_attribute("textContent")
    session_url = d.current_url.split("?")[0]

    # Start: the button has the focus, Enter starts.
    press(d, d.switch_to.active_element, Keys.ENTER)
    assert "Opening" in d.find_element(By.CSS_SELECTOR, "[data-clock=phase]").text
    assert ":" in d.find_element(By.CSS_SELECTOR, "[data-clock=session-remaining]").text

    # The work phase waits for the agreement on a coachable engagement.
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Move to work']"), Keys.ENTER)
    assert "Make the session agreement first" in d.find_element(By.CLASS_NAME, "error-summary").text
    # w goes to the agreement, n to the button that moves on.
    d.execute_script("document.activeElement && document.activeElement.blur()")
    d.find_element(By.TAG_NAME, "body").send_keys("w")
    assert d.switch_to.active_element.get_attribute("id") == "clientWords"
    d.execute_script("document.activeElement.blur()")
    d.find_element(By.TAG_NAME, "body").send_keys("n")
    assert d.switch_to.active_element.get_attribute("id") == "next-phase"
    fill(d, {"clientWords": "I want Mondays to stop ruining my Sundays", "focus": "Sunday evening dread"})
    press(d, d.find_element(By.ID, "focus"), Keys.ENTER)
    assert "I want Mondays to stop ruining my Sundays" in d.find_element(By.CSS_SELECTOR, "#agreement .client-words").text
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Move to work']"), Keys.ENTER)
    assert "Work" in d.find_element(By.CSS_SELECTOR, "[data-clock=phase]").text

    # Three markers by shortcut: 1 insight, 3 affect, 4 strength, each recorded in place: the same page, the
    # confirmation beside the buttons and in the status region, the newest record first in "Latest", marked.
    page = d.find_element(By.TAG_NAME, "html")
    for key in ("1", "3", "4"):
        shortcut(d, key)
    assert page.is_enabled(), "recorded in place, not by loading a new page"
    assert len(d.find_elements(By.CSS_SELECTOR, ".live-side .marker-row")) == 3
    assert d.find_element(By.CSS_SELECTOR, "#markers-form .sent").text == "Marker recorded."
    assert d.find_element(By.ID, "sent-status").get_attribute("textContent") == "Marker recorded."
    newest = d.find_element(By.CSS_SELECTOR, ".latest-list li")
    assert "Demonstrated strength" in newest.text and "fresh" in newest.get_attribute("class")
    # After choosing the client's voice and ticking Highlighted (the focus stays on the box), a number key still
    # records a marker, and both keep their values for the next one.
    d.find_element(By.ID, "namedBy").click()
    box = d.find_element(By.ID, "highlighted")
    box.click()
    press(d, box, "2")
    assert len(d.find_elements(By.CSS_SELECTOR, ".live-side .marker-row")) == 4
    assert "named by Client, highlighted" in d.find_elements(By.CSS_SELECTOR, ".live-side .marker-row")[3].text
    assert d.find_element(By.ID, "highlighted").is_selected() and d.find_element(By.ID, "namedBy").is_selected()
    assert d.switch_to.active_element.get_attribute("id") == "highlighted", "the focus stays where she is"
    d.find_element(By.ID, "highlighted").click()
    d.find_element(By.ID, "namedBy-therapist").click()
    snapshot(d, "20-live-markers")

    # A reload (or a dropped connection) loses nothing: the records and the clock come from the server.
    d.refresh()
    kinds = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".live-side .marker-row strong")]
    assert kinds == ["New insight", "Expression of affect", "Demonstrated strength", "Changed thought"]
    assert "Work" in d.find_element(By.CSS_SELECTOR, "[data-clock=phase]").text

    # Words added to a marker afterwards.
    words = d.find_elements(By.CSS_SELECTOR, ".live-side .marker-row input[name=text]")[2]
    words.send_keys("Said no to her mother, kindly")
    press(d, words, Keys.ENTER)
    assert "Said no to her mother, kindly" in d.find_elements(By.CSS_SELECTOR, ".live-side .marker-row")[2].text

    # A redirect, then a question from the library found with "/".
    shortcut(d, "r")
    d.execute_script("document.activeElement && document.activeElement.blur()")
    d.find_element(By.TAG_NAME, "body").send_keys("/")
    search = d.switch_to.active_element
    assert search.get_attribute("id") == "q"
    search.send_keys("costing")
    press(d, search, Keys.ENTER)
    ask = d.find_element(By.CSS_SELECTOR, ".questions button")
    assert "What is it costing you to stay where you are?" in d.find_element(By.CSS_SELECTOR, ".questions li").text
    press(d, ask, Keys.ENTER)
    leading = d.find_element(By.CSS_SELECTOR, ".live-side").text
    assert "Redirect: Brought back to the agreement" in leading
    assert "Asked: What is it costing you to stay where you are?" in leading

    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Move to closing']"), Keys.ENTER)
    assert "Closing" in d.find_element(By.CSS_SELECTOR, "[data-clock=phase]").text

    # Two takeaways: the client's own, then the therapist's with permission asked.
    d.execute_script("document.activeElement && document.activeElement.blur()")
    d.find_element(By.TAG_NAME, "body").send_keys("t")
    assert d.switch_to.active_element.get_attribute("id") == "takeawayText"
    d.switch_to.active_element.send_keys("I can say no and still be kind")
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Record the takeaway']"), Keys.ENTER)
    d.find_element(By.ID, "takeawayText").send_keys("You held your ground twice this week")
    d.find_element(By.ID, "source-therapist").send_keys(Keys.SPACE)
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Record the takeaway']"), Keys.ENTER)
    assert "Ask the client's permission" in d.find_element(By.CLASS_NAME, "error-summary").text, "permission is required"
    d.find_element(By.ID, "takeawayText").clear()
    d.find_element(By.ID, "takeawayText").send_keys("You held your ground twice this week")
    d.find_element(By.ID, "source-therapist").send_keys(Keys.SPACE)
    d.find_element(By.ID, "permission").send_keys(Keys.SPACE)
    press(d, d.find_element(By.XPATH, "//button[normalize-space()='Record the takeaway']"), Keys.ENTER)

    # One action step, by "a" then Enter.
    d.execute_script("document.activeElement && document.activeElement.blur()")
    d.find_element(By.TAG_NAME, "body").send_keys("a")
    step = d.switch_to.active_element
    assert step.get_attribute("id") == "stepText"
    step.send_keys("Say no once before Friday")
    press(d, step, Keys.ENTER)
    # "How far did we get?": the client chooses 8 on the 0–10 scale beside their agreement; saved in place.
    how_far = d.find_element(By.ID, "how-far")
    assert "I want Mondays to stop ruining my Sundays" in how_far.text
    d.find_element(By.ID, "rating-8").send_keys(Keys.SPACE)
    press(d, d.find_element(By.CSS_SELECTOR, "#how-far button[type=submit]"), Keys.ENTER)
    assert "Recorded: 8 of 10, in the session" in d.find_element(By.ID, "how-far").text
    assert d.find_element(By.ID, "rating-8").is_selected()
    snapshot(d, "21-live-closing")

    press(d, d.find_element(By.XPATH, "//button[normalize-space()='End the session…']"), Keys.ENTER)
    # It asks once, with the confirming button focused: Enter ends it.
    assert d.find_element(By.TAG_NAME, "h1").text == "End the session with Jordan Avery?"
    press(d, d.switch_to.active_element, Keys.ENTER)
    assert d.find_element(By.CSS_SELECTOR, ".page-head .badge").text == "Completed"
    d.get(session_url)
    summary = d.find_element(By.TAG_NAME, "main").text
    for expected in (
        "I want Mondays to stop ruining my Sundays", "New insight", "Expression of affect", "Demonstrated strength", "Said no to her mother, kindly",
        "Redirect: Brought back to the agreement", "Asked: What is it costing you to stay where you are?", "I can say no and still be kind",
        "You held your ground twice this week", "Say no once before Friday", "How far did we get: 8 of 10, in the session",
    ):
        assert expected in summary, expected
    snapshot(d, "22-session-summary")


def test_without_javascript_the_forms_work_as_plain_html(fresh_server, browser_without_js):
    """The same room with the page's script off: every form posts and a new page answers it."""
    d = browser_without_js
    practice_with_client(d, fresh_server)
    open_screened_engagement(d)
    d.find_element(By.CSS_SELECTOR, ".schedule-form summary").click()
    d.execute_script("document.getElementById('time').value = '14:00'")
    submit(d, ".schedule-form button[type=submit]")
    submit(d, "button.primary")
    assert "Opening" in d.find_element(By.CSS_SELECTOR, "[data-clock=phase]").text
    fill(d, {"clientWords": "I want Mondays to stop ruining my Sundays", "focus": "Sunday evening dread"})
    page = d.find_element(By.TAG_NAME, "html")
    submit(d, "#agreement button[type=submit]")
    WebDriverWait(d, 5).until(replaced(page))
    assert "done=agreed" in d.current_url
    submit(d, "#next-phase")
    page = d.find_element(By.TAG_NAME, "html")
    d.find_element(By.CSS_SELECTOR, "button.marker.insight").click()
    WebDriverWait(d, 10).until(replaced(page))
    assert "done=marker" in d.current_url, "a new page answered the form"
    assert d.find_element(By.CSS_SELECTOR, "main > .flash").text == "Marker recorded."
    assert [e.text for e in d.find_elements(By.CSS_SELECTOR, ".live-side .marker-row strong")] == ["New insight"]
    assert not d.find_elements(By.CSS_SELECTOR, ".sent"), "no script ran"
