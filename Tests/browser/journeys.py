"""Steps several browser tests share: a practice, a client and a screened therapy engagement, by the pages or over
the API."""
import json
import urllib.request

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
    record_consent(d)


def record_consent(d):
    """On an engagement page: records the client's consent to the coaching edge as given in the room."""
    submit(d, "form[action$='/consent'] button")
    assert "Consent to the coaching edge recorded" in d.find_element(By.CLASS_NAME, "flash").text


def api(server, token, method, path, body=None):
    """One call of the practitioner API (`path` below /api/v1); answers the JSON body."""
    req = urllib.request.Request(server + "/api/v1" + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Authorization", "Bearer " + token)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def token_for(d, server, label="tests"):
    """An API token of the signed-in practitioner, made on the account page."""
    d.get(server + "/account")
    fill(d, {"tokenName": label})
    submit(d, "form[action='/account/tokens'] button")
    return d.find_element(By.ID, "new-token").text


COACHABLE = {"stability": "yes", "functioning": "yes", "followThrough": "yes", "readiness": "action", "importance": 8, "confidence": 7,
             "directivePreference": "yes"}


def practice_over_api(d, server):
    """Sets up Harbour Practice with Maya Brooks (signed in in the browser) and, over the API, Jordan Avery with a
    therapy engagement screened coachable; answers (token, client id, engagement id)."""
    d.get(server + "/setup")
    fill(d, {"practiceName": "Harbour Practice", "name": "Maya Brooks", "email": EMAIL, "password": PASSWORD})
    submit(d)
    token = token_for(d, server, "setup")
    client = api(server, token, "POST", "/clients", {"displayName": "Jordan Avery"})["id"]
    e = api(server, token, "POST", f"/clients/{client}/engagements", {"role": "therapy", "goals": ["Sleep again"]})["id"]
    api(server, token, "POST", f"/engagements/{e}/screenings", COACHABLE)
    api(server, token, "POST", f"/engagements/{e}/consent", {"method": "inRoom"})
    return token, client, e
