"""Steps several browser tests share: a practice, a client and a screened therapy engagement."""
from selenium.webdriver.common.by import By

from test_walking_skeleton import fill, submit

EMAIL = "maya.brooks@example.org"
PASSWORD = "a calm river at dawn"


def practice_with_client(d, server):
    """Sets up Harbour Practice with Maya Brooks (signed in) and adds Jordan Avery; leaves the browser on the record."""
    d.get(server + "/setup")
    fill(d, {"practiceName": "Harbour Practice", "name": "Maya Brooks", "email": EMAIL, "password": PASSWORD})
    submit(d)
    d.get(server + "/clients/new")
    fill(d, {"displayName": "Jordan Avery"})
    submit(d, "button.primary")


def screen_coachable(d):
    """From an engagement page: screens the client coachable; leaves the browser on the result."""
    d.find_element(By.LINK_TEXT, "Screen for coachability").click()
    for choice in ("stability", "functioning", "followThrough", "readiness-action", "directivePreference"):
        d.find_element(By.ID, choice).click()
    fill(d, {"importance": "8", "confidence": "6"})


def open_screened_engagement(d):
    """From the client's record: opens a therapy engagement and screens the client coachable; ends on its page."""
    d.find_element(By.LINK_TEXT, "Open an engagement").click()
    d.find_element(By.ID, "role").click()
    fill(d, {"goal1": "Stop dreading Mondays"})
    submit(d, "button.primary")
    screen_coachable(d)
    submit(d, "button.primary")
    d.find_element(By.LINK_TEXT, "Therapy with Jordan Avery").click()
