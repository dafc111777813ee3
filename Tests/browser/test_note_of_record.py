"""The note of record in the browser: an ended session's page drafts the progress note, she edits it, signs it after
one confirmation, and prints it; the printed PDF (headless Chromium's own printing) holds the letterhead, the client,
the note and the signature block, and none of the page's navigation or forms."""
import base64
import io
import unicodedata

import pypdf
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import snapshot
from journeys import PASSWORD, api, practice_over_api
from test_walking_skeleton import fill, submit


def test_draft_edit_sign_and_print(fresh_server, browser):
    d, server = browser, fresh_server
    token, _, e = practice_over_api(d, server)
    s = api(server, token, "POST", f"/engagements/{e}/sessions", {"scheduledAt": "2026-11-30T09:00:00Z"})["id"]
    api(server, token, "POST", f"/sessions/{s}/start")
    api(server, token, "PUT", f"/sessions/{s}/agreement", {"clientWords": "I want to sleep again", "focus": "Evenings"})
    api(server, token, "POST", f"/sessions/{s}/phase", {"phase": "work"})
    api(server, token, "POST", f"/sessions/{s}/markers", {"kind": "insight", "namedBy": "client", "text": "Rest is allowed"})
    api(server, token, "POST", f"/sessions/{s}/phase", {"phase": "closing"})
    api(server, token, "POST", f"/sessions/{s}/takeaways", {"text": "Evenings can be mine", "source": "client"})
    api(server, token, "POST", f"/sessions/{s}/action-steps", {"text": "Phone off at ten"})
    api(server, token, "POST", f"/sessions/{s}/end")

    # Today lists the unsigned note; the session's page drafts it.
    d.get(server + "/today")
    waiting = d.find_element(By.CSS_SELECTOR, ".notes-to-sign").text
    assert "Notes to sign (1)" in waiting and "Not drafted" in waiting
    d.find_element(By.CSS_SELECTOR, ".notes-to-sign a").click()
    Select(d.find_element(By.ID, "note-format")).select_by_value("BIRP")
    submit(d, "#note button.primary")
    assert d.find_element(By.TAG_NAME, "h1").text == "Progress note"
    labels = [label.text for label in d.find_elements(By.CSS_SELECTOR, ".note-sections label")]
    assert labels[:4] == ["Behavior", "Intervention", "Response", "Plan"]
    behavior = d.find_element(By.ID, "section-0")
    assert "the client said: “I want to sleep again”" in behavior.get_attribute("value")
    assert "“Phone off at ten”" in d.find_element(By.ID, "section-3").get_attribute("value")

    # She edits, saves and signs; signing asks once.
    behavior.send_keys("\n\nArrived on time, calm and reflective.")
    submit(d, "button[value=sign]")
    assert "Sign the progress note for Jordan Avery?" in d.find_element(By.TAG_NAME, "h1").text
    snapshot(d, "50-note-sign-confirm")
    submit(d, ".confirm button.danger")
    assert "Note signed and locked" in d.find_element(By.CLASS_NAME, "flash").text
    signature = d.find_element(By.CSS_SELECTOR, ".signature").text
    assert "Signed by Maya Brooks" in signature and "SHA-256" in signature
    digest = d.find_element(By.CSS_SELECTOR, ".signature code").text
    assert len(digest) == 64
    assert not d.find_elements(By.ID, "section-0"), "a signed note has no editing form"
    snapshot(d, "51-note-signed")

    # Printed as a PDF: the note of record, with the letterhead and the signature, none of the page's furniture.
    pdf = base64.b64decode(d.execute_cdp_cmd("Page.printToPDF", {"printBackground": False, "preferCSSPageSize": True})["data"])
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(unicodedata.normalize("NFKC", text).split())  # the PDF's ligatures (ﬂ) read as letters
    for expected in ["Harbour Practice", "Progress note", "Jordan Avery", "Behavior", "Arrived on time, calm and reflective.",
                     "Signed by Maya Brooks", digest[:16]]:
        assert expected in flat, f"{expected!r} is not in the printed note: {flat[:600]}"
    for furniture in ["Sign out", "Audit log", "Sign the addendum", "Skip to content"]:
        assert furniture not in flat, f"{furniture!r} was printed"

    # Today no longer lists it.
    d.get(server + "/today")
    assert not d.find_elements(By.CSS_SELECTOR, ".notes-to-sign")

    # Her supervisor co-signs it. As owner she adds Sue as a supervisor on the team page and ticks herself as Sue's
    # supervisee; on Sue's Today the note awaits her co-signature; Sue co-signs it from the note's page.
    d.get(server + "/team")
    d.find_element(By.ID, "role-supervisor").click()
    fill(d, {"name": "Sue Park", "email": "sue.park@example.org", "licence": "LCSW-C 9, Maryland", "password": PASSWORD})
    submit(d, "form[action='/team'] button.primary")
    assert "Supervisor added" in d.find_element(By.CLASS_NAME, "flash").text
    d.find_element(By.XPATH, "//form[@action='/team/supervision']//label[contains(., 'Maya Brooks')]/input").click()
    submit(d, "form[action='/team/supervision'] button")
    assert "Supervisees saved" in d.find_element(By.CLASS_NAME, "flash").text
    submit(d, "form.signout button")
    d.get(server + "/signin")
    fill(d, {"email": "sue.park@example.org", "password": PASSWORD})
    submit(d, "button.primary")
    d.get(server + "/today")
    awaiting = d.find_element(By.CSS_SELECTOR, "[aria-labelledby=notes-awaiting-heading]").text
    assert "Awaiting co-signature (1)" in awaiting and "signed by Maya Brooks" in awaiting
    d.find_element(By.CSS_SELECTOR, "[aria-labelledby=notes-awaiting-heading] a").click()
    assert "Arrived on time, calm and reflective." in d.find_element(By.CSS_SELECTOR, ".note-of-record").text
    fill(d, {"comment": "Reviewed in supervision."})
    submit(d, "button[value=cosign]")
    assert "Note co-signed" in d.find_element(By.CLASS_NAME, "flash").text
    block = d.find_element(By.CSS_SELECTOR, ".signature").text
    assert "Co-signed by Sue Park, LCSW-C 9, Maryland, supervisor" in block and "Reviewed in supervision." in block
    snapshot(d, "52-note-cosigned")
    d.get(server + "/today")
    assert not d.find_elements(By.CSS_SELECTOR, "[aria-labelledby=notes-awaiting-heading]")
