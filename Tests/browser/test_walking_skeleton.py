"""A person's first day with Tandem: set up the practice, sign in, add a client, find them, sign out."""
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import snapshot

OWNER_EMAIL = "ruth.owner@example.org"
OWNER_PASSWORD = "a calm river at dawn"


def replaced(page):
    """A wait condition: the page element is gone (stale, or no longer in any document Chromium knows)."""
    def gone(_driver):
        try:
            page.is_enabled()
            return False
        except WebDriverException:
            return True
    return gone


def exchanges(driver):
    """How many forms a page that records in place has sent and shown the answer to (None on other pages)."""
    return driver.execute_script("return document.documentElement.dataset.exchanges || '0'")


def answered(page, before):
    """A wait condition: the next page replaced this one, or this page (recording in place) showed the answer."""
    gone = replaced(page)

    def done(driver):
        return gone(driver) or exchanges(driver) != before
    return done


def submit(driver, selector="button[type=submit]"):
    """Clicks a submit button and waits until the answer is shown: a new page, or the parts swapped in place."""
    page = driver.find_element(By.TAG_NAME, "html")
    before = exchanges(driver)
    driver.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(driver, 10).until(answered(page, before))


def fill(driver, values):
    for name, value in values.items():
        field = driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)


def test_setup_sign_in_add_and_find_a_client(server, browser):
    d = browser
    d.get(server + "/")
    assert d.current_url.endswith("/setup"), "an empty installation opens on the set-up page"
    assert d.find_element(By.TAG_NAME, "h1").text == "Set up Tandem"
    snapshot(d, "01-setup")

    # A too-short password is refused with the field named, and what was typed is kept.
    fill(d, {"practiceName": "Riverside Practice", "name": "Ruth Owner", "email": OWNER_EMAIL, "password": "short"})
    submit(d)
    assert "at least 12 characters" in d.find_element(By.ID, "password-error").text
    assert d.find_element(By.NAME, "practiceName").get_attribute("value") == "Riverside Practice"
    snapshot(d, "02-setup-error")

    fill(d, {"password": OWNER_PASSWORD})
    submit(d)
    assert "/clients" in d.current_url
    assert "set up" in d.find_element(By.CLASS_NAME, "flash").text

    # Sign out, then the set-up page is gone for good.
    submit(d, "form.signout button")
    assert "/signin" in d.current_url
    d.get(server + "/setup")
    assert "/signin" in d.current_url

    # Sign in: a wrong password is refused without saying whether the account exists.
    fill(d, {"email": OWNER_EMAIL, "password": "not the password at all"})
    submit(d)
    assert "email or password is not right" in d.find_element(By.CLASS_NAME, "error-summary").text
    fill(d, {"email": OWNER_EMAIL, "password": OWNER_PASSWORD})
    submit(d)
    assert "/clients" in d.current_url

    # Add a client; a bad email is named and nothing else is lost.
    d.find_element(By.LINK_TEXT, "Add a client").click()
    fill(d, {"displayName": "Jordan Avery", "email": "not-an-email", "phone": "+1 410 555 0100"})
    submit(d, "button.primary")
    assert "Email must look like" in d.find_element(By.ID, "email-error").text
    assert d.find_element(By.NAME, "displayName").get_attribute("value") == "Jordan Avery"
    snapshot(d, "03-client-form-error")
    fill(d, {"email": "jordan@example.org"})
    submit(d, "button.primary")
    assert d.find_element(By.TAG_NAME, "h1").text == "Jordan Avery"
    assert "Client added" in d.find_element(By.CLASS_NAME, "flash").text
    snapshot(d, "04-client-record")

    d.get(server + "/clients/new")
    fill(d, {"displayName": "Sam Rivera"})
    submit(d, "button.primary")

    # Find the client in the list with the keyboard: "/" focuses the search field.
    d.get(server + "/clients")
    d.find_element(By.TAG_NAME, "body").send_keys("/")
    active = d.switch_to.active_element
    assert active.get_attribute("id") == "q", "the / shortcut focuses the search field"
    page = d.find_element(By.TAG_NAME, "html")
    active.send_keys("jord", Keys.ENTER)
    WebDriverWait(d, 10).until(replaced(page))
    rows = d.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
    assert [r.find_element(By.TAG_NAME, "a").text for r in rows] == ["Jordan Avery"]
    snapshot(d, "05-client-search")

    # Sign out; the client list is then out of reach.
    submit(d, "form.signout button")
    assert "signed out" in d.find_element(By.CLASS_NAME, "flash").text
    d.get(server + "/clients")
    assert "/signin" in d.current_url
    snapshot(d, "06-signed-out")
