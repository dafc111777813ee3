"""Security as a person meets it: two-step sign-in driven with an authenticator (pyotp), and hostile text that never
runs as script in any page."""
import time

import pyotp
from selenium.webdriver.common.by import By

from conftest import snapshot
from journeys import EMAIL, PASSWORD, api, open_screened_engagement, practice_with_client
from test_walking_skeleton import fill, submit


def sign_out(d):
    submit(d, "form.signout button")


def sign_in(d, server):
    d.get(server + "/signin")
    fill(d, {"email": EMAIL, "password": PASSWORD})
    submit(d, "button.primary")


def next_step_code(totp, used):
    """A code for a step not used yet (each step is accepted once): waits for the next one if need be."""
    while True:
        code = totp.now()
        if code not in used:
            used.add(code)
            return code
        time.sleep(1)


def test_two_step_sign_in_with_an_authenticator_app(fresh_server, browser):
    server, d = fresh_server, browser
    practice_with_client(d, server)
    d.get(server + "/account")
    d.find_element(By.XPATH, "//button[text()='Set up two-step sign-in']").click()
    secret = d.find_element(By.ID, "totp-secret").text.replace(" ", "")
    link = d.find_element(By.ID, "totp-link").get_attribute("href")
    assert link.startswith("otpauth://totp/") and f"secret={secret}" in link
    snapshot(d, "security-01-enrol")
    totp = pyotp.TOTP(secret)
    used = set()
    fill(d, {"code": "000000" if totp.now() != "000000" else "111111"})
    submit(d, "#second-factor button.primary")
    assert "That code is not right" in d.find_element(By.ID, "second-factor").text
    fill(d, {"code": next_step_code(totp, used)})
    submit(d, "#second-factor button.primary")
    codes = [c.text for c in d.find_elements(By.CSS_SELECTOR, ".recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    snapshot(d, "security-02-recovery-codes")

    # Two steps: the password alone opens nothing.
    sign_out(d)
    sign_in(d, server)
    assert "/signin/code" in d.current_url
    d.get(server + "/clients")
    assert "/signin" in d.current_url and "/signin/code" not in d.current_url, "no session from the first step"
    sign_in(d, server)
    snapshot(d, "security-03-code")
    code = next_step_code(totp, used)
    fill(d, {"code": code})
    submit(d, "button.primary")
    assert d.current_url.endswith("/clients"), d.current_url

    # The same code again is refused, even within its 30 seconds.
    sign_out(d)
    sign_in(d, server)
    fill(d, {"code": code})
    submit(d, "button.primary")
    assert "just used" in d.find_element(By.CLASS_NAME, "error-summary").text
    fill(d, {"code": codes[0]})
    submit(d, "button.primary")
    assert d.current_url.endswith("/clients"), "a recovery code works instead"

    # Off again, with the password and a code.
    d.get(server + "/account")
    fill(d, {"disablePassword": PASSWORD, "disableCode": next_step_code(totp, used)})
    submit(d, "button.danger")
    assert "Two-step sign-in is off" in d.find_element(By.CLASS_NAME, "flash").text


HOSTILE = [
    "<script>window.__pwned=1</script>",
    "\"><img src=x onerror=\"window.__pwned=2\">",
    "<svg onload=window.__pwned=3>",
    "{{#x}}{{{y}}}{{/x}} {{=<% %>=}}",
    "javascript:window.__pwned=4",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
]


def test_hostile_text_never_runs_in_a_page(fresh_server, browser):
    server, d = fresh_server, browser
    practice_with_client(d, server)
    d.get(server + "/account")
    fill(d, {"tokenName": "hostile"})
    submit(d, "form[action='/account/tokens'] button")
    token = d.find_element(By.ID, "new-token").text
    client = api(server, token, "POST", "/clients", {"displayName": "Jordan " + HOSTILE[1]})["id"]
    engagement = api(server, token, "POST", f"/clients/{client}/engagements", {"role": "therapy", "goals": HOSTILE[:5]})["id"]
    api(server, token, "POST", f"/engagements/{engagement}/screenings", {
        "stability": "yes", "functioning": "yes", "followThrough": "yes", "readiness": "action", "importance": 8, "confidence": 7,
        "directivePreference": "yes", "safetyFlags": []})
    api(server, token, "POST", f"/engagements/{engagement}/consent", {"method": "inRoom"})
    session = api(server, token, "POST", f"/engagements/{engagement}/sessions", {"scheduledAt": "2027-01-15T09:00:00Z"})["id"]
    api(server, token, "POST", f"/sessions/{session}/start", {})
    api(server, token, "PUT", f"/sessions/{session}/agreement", {"clientWords": HOSTILE[0], "focus": HOSTILE[2]})
    for text in HOSTILE:
        api(server, token, "POST", f"/sessions/{session}/markers", {"kind": "insight", "text": text})
        api(server, token, "POST", f"/sessions/{session}/takeaways", {"text": text, "source": "client"})
        api(server, token, "POST", f"/sessions/{session}/action-steps", {"text": text})
    pages = [f"/sessions/{session}", f"/engagements/{engagement}", f"/clients/{client}", "/clients", "/clients?q=Jordan", "/audit",
             f"/engagements/{engagement}/progress", "/today"]
    for page in pages:
        d.get(server + page)
        assert d.execute_script("return window.__pwned === undefined"), f"no script ran on {page}"
        injected = d.execute_script("""
            return [...document.querySelectorAll('*')].filter(e =>
                [...e.attributes].some(a => a.name.startsWith('on') || (['href', 'src', 'action', 'formaction'].includes(a.name) && a.value.trim().toLowerCase().startsWith('javascript:')))
                || (e.tagName === 'SCRIPT' && e.textContent.includes('__pwned'))
                || (e.tagName === 'IMG' && e.getAttribute('src') === 'x')).map(e => e.outerHTML.slice(0, 120))""")
        assert injected == [], f"{page}: {injected}"
    d.get(server + f"/sessions/{session}")
    assert "window.__pwned=1" in d.find_element(By.TAG_NAME, "body").text, "the text is shown, as text"
    snapshot(d, "security-04-hostile-session")
