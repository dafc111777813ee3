"""Every page, as a person and a screen reader meet it: axe-core (the copy that the PyPI package
axe-playwright-python ships, injected over WebDriver) reports no violations, and no page scrolls sideways at
1280, 390 or 320 px. The practice is a generated demo with a 100-session engagement, so the charts and tables are
measured at the size a long therapy reaches; a live session, a safety alert and a client's portal are added on top."""
import importlib.util
import os
import pathlib
import subprocess

import pytest
from selenium.webdriver.common.by import By

from conftest import run_server, snapshot
from journeys import api, token_for
from test_walking_skeleton import fill, submit

PASSWORD = "a calm river at dawn"
PRACTITIONER = "demo.practitioner1@example.org"
OWNER = "demo.owner@example.org"
WIDTHS = (1280, 390, 320)


def demo(binary, data_dir):
    subprocess.run(
        [binary, "demo", "--data-dir", data_dir, "--clients-per-practitioner", "3", "--sessions-per-client", "8",
         "--long-engagement", "100"],
        input=PASSWORD + "\n", text=True, check=True, capture_output=True,
        env=dict(os.environ, TANDEM_BCRYPT_COST="4"))


@pytest.fixture(scope="module")
def server():
    yield from run_server(prepare=demo)


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None, "scripts/install-test-deps installs axe-playwright-python (for its axe.min.js)"
    return (pathlib.Path(spec.submodule_search_locations[0]) / "axe.min.js").read_text()


AXE = axe_source()
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(result => done(result.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\\s+/g, " "))
})))).catch(error => done([{id: "axe-error", impact: "critical", help: String(error), nodes: []}]));
"""


def viewport(d, width, height=800):
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})


def sideways(d):
    """How far the page reaches past the window's width (0 when it fits)."""
    return d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")


WIDEST = """
const limit = document.documentElement.clientWidth;
const framed = e => e.closest(".table-scroll") !== null;
const over = [...document.querySelectorAll("body *")].filter(e => !framed(e) && e.getBoundingClientRect().right > limit + 0.5
  && ![...e.children].some(c => c.getBoundingClientRect().right > limit + 0.5));
return over.slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
  (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : "") +
  " (" + Math.round(e.getBoundingClientRect().right) + " px)");
"""


def violations(d):
    d.set_script_timeout(60)
    d.execute_script(AXE)
    return d.execute_async_script(RUN_AXE)


def check_here(d, name, found):
    """The page as it stands after an action (a refused form, a confirmation step): axe, and the three widths."""
    for width in WIDTHS:
        viewport(d, width)
        over = sideways(d)
        if over > 0:
            found.append(f"{name} at {width} px scrolls sideways by {over} px: " + ", ".join(d.execute_script(WIDEST)))
    viewport(d, 1280, 900)
    snapshot(d, f"every-{name}")
    for v in violations(d):
        found.append(f"{name}: {v['id']} ({v['impact']}) {v['help']}\n      " + "\n      ".join(v["nodes"]))


def check_pages(d, server, pages, found):
    """Loads each page at each width; records axe's violations (at 1280) and any sideways scrolling."""
    for name, path in pages:
        for width in WIDTHS:
            viewport(d, width)
            d.get(server + path)
            assert "Something went wrong" not in d.page_source, f"{name} ({path}) answered an error page"
            # A template that found a view model instead of its text prints Swift's description of it.
            leaked = [m for m in ("Optional(", "TandemWeb.", "TandemCore.", "Form(action:") if m in d.page_source]
            if leaked:
                found.append(f"{name} prints a Swift value: {leaked}")
            over = sideways(d)
            if over > 0:
                found.append(f"{name} at {width} px scrolls sideways by {over} px: " + ", ".join(d.execute_script(WIDEST)))
            if width == 1280:
                snapshot(d, f"every-{name}")
                for v in violations(d):
                    found.append(f"{name}: {v['id']} ({v['impact']}) {v['help']}\n      " + "\n      ".join(v["nodes"]))
    viewport(d, 1280, 900)


CHART_LABELS = """
return [...document.querySelectorAll("svg.chart")].map(svg => {
  const frame = svg.getBoundingClientRect();
  const shown = [...svg.querySelectorAll("text.x-tick")].filter(t => getComputedStyle(t).display !== "none")
    .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.right]; });
  const y = [...svg.querySelectorAll("text.tick:not(.x-tick)")].map(t => t.textContent.replace("%", ""));
  return {id: svg.id || svg.querySelector("title").id, left: frame.left, right: frame.right, x: shown, y: y};
});
"""


def check_charts(d, server, path, found):
    """At each width, the labels under every chart stay inside it and apart; the y ticks step by 1, 2 or 5 × 10ⁿ."""
    for width in WIDTHS:
        viewport(d, width)
        d.get(server + path)
        for chart in d.execute_script(CHART_LABELS):
            name = f"{chart['id']} at {width} px"
            xs = chart["x"]
            if len(xs) < 2:
                found.append(f"{name}: {len(xs)} x labels")
            if any(left < chart["left"] - 0.5 or right > chart["right"] + 0.5 for left, right in xs):
                found.append(f"{name}: an x label is cut off at the edge")
            if any(b[0] < a[1] + 2 for a, b in zip(xs, xs[1:])):
                found.append(f"{name}: x labels run together")
            values = [float(v) for v in chart["y"]]
            steps = {round(b - a, 6) for a, b in zip(values, values[1:])}
            step = steps.pop() if len(steps) == 1 else None
            if step is None or not any(abs(step / 10 ** e - m) < 1e-6 for e in range(-2, 4) for m in (1, 2, 5)):
                found.append(f"{name}: y ticks {chart['y']} are not evenly 1-2-5")
    viewport(d, 1280, 900)


def sign_in(d, server, email):
    d.delete_all_cookies()
    d.get(server + "/signin")
    fill(d, {"email": email, "password": PASSWORD})
    submit(d)


def test_every_page_is_accessible_and_fits(server, browser):
    d = browser
    sign_in(d, server, PRACTITIONER)
    token = token_for(d, server, "pages")

    # The demo's engagements: the long one (100 sessions) and a short one to add a live session, an alert and a portal.
    engagements = []
    for client in api(server, token, "GET", "/clients")["items"]:
        for e in api(server, token, "GET", f"/clients/{client['id']}/engagements")["items"]:
            sessions = api(server, token, "GET", f"/engagements/{e['id']}/sessions")["items"]
            engagements.append((len(sessions), client["id"], e["id"], sessions))
    engagements.sort(key=lambda row: -row[0])
    count, long_client, long_engagement, long_sessions = engagements[0]
    assert count >= 100
    _, client, engagement, sessions = engagements[1]
    ended = next(s["id"] for s in long_sessions if s["status"] == "completed")
    scheduled = next(s["id"] for s in sessions if s["status"] == "scheduled")
    live = api(server, token, "POST", f"/engagements/{engagement}/sessions", {"scheduledAt": "2030-01-07T09:00:00Z"})["id"]
    api(server, token, "POST", f"/sessions/{live}/start")
    api(server, token, "PUT", f"/sessions/{live}/agreement", {"clientWords": "Sleep again", "focus": "Evenings"})
    api(server, token, "POST", f"/sessions/{live}/markers", {"kind": "insight", "namedBy": "client", "text": "I rest when I stop earning it"})
    api(server, token, "POST", f"/engagements/{engagement}/measures", {"instrument": "phq9", "answers": [1, 1, 1, 1, 0, 0, 0, 0, 1]})
    screening = api(server, token, "GET", f"/engagements/{engagement}/screenings")["items"][0]["id"]
    crossing = api(server, token, "POST", f"/engagements/{engagement}/boundary-crossings",
                   {"date": "2026-11-20", "kind": "gift", "rationale": "A small card; refusing would shame.", "consultationSought": False})
    assert crossing["id"]

    pages = [
        ("today", "/today"), ("clients", "/clients"), ("client", f"/clients/{long_client}"), ("new-client", "/clients/new"),
        ("edit-client", f"/clients/{client}/edit"), ("caseload", "/engagements"), ("engagement", f"/engagements/{engagement}"),
        ("long-engagement", f"/engagements/{long_engagement}"), ("new-engagement", f"/clients/{client}/engagements/new"),
        ("screening-form", f"/engagements/{engagement}/screenings/new"), ("screening", f"/screenings/{screening}"),
        ("crossing-form", f"/engagements/{engagement}/boundary-crossings/new"),
        ("incident-form", f"/engagements/{engagement}/boundary-incidents/new"),
        ("progress", f"/engagements/{engagement}/progress"), ("long-progress", f"/engagements/{long_engagement}/progress"),
        ("measure-form", f"/engagements/{engagement}/measures/new?instrument=phq9"),
        ("session-scheduled", f"/sessions/{scheduled}"), ("session-live", f"/sessions/{live}"), ("session-ended", f"/sessions/{ended}"),
        ("alerts", "/alerts"), ("questions", "/questions"), ("account", "/account"), ("not-found", "/clients/not-a-client"),
    ]
    note = api(server, token, "POST", f"/sessions/{ended}/note", {"format": "SOAP"})["id"]
    pages.append(("note-draft", f"/notes/{note}"))
    api(server, token, "PUT", f"/sessions/{ended}/psychotherapy-note", {"text": "Process notes, hers alone."})
    pages.append(("psychotherapy-note", f"/sessions/{ended}/psychotherapy-note"))
    found = []
    check_pages(d, server, pages, found)
    api(server, token, "POST", f"/notes/{note}/sign")
    api(server, token, "POST", f"/notes/{note}/addenda", {"text": "Phoned on the Monday after."})
    check_pages(d, server, [("note-signed", f"/notes/{note}")], found)
    check_charts(d, server, f"/engagements/{long_engagement}/progress", found)

    # Pages in a state an action leaves them in: a refused form, the confirmation step, two-step enrolment.
    d.get(server + "/clients/new")
    submit(d, "button.primary")
    assert d.find_elements(By.CLASS_NAME, "error-summary")
    check_here(d, "new-client-refused", found)
    d.get(server + f"/sessions/{live}")
    submit(d, "button.danger")
    assert d.find_elements(By.CSS_SELECTOR, ".confirm")
    check_here(d, "end-session-confirm", found)
    d.get(server + "/account")
    submit(d, "form[action='/account/second-factor'] button")
    check_here(d, "second-factor-enrolling", found)

    # The owner's pages.
    sign_in(d, server, OWNER)
    check_pages(d, server, [("team", "/team"), ("audit", "/audit"), ("owner-clients", "/clients")], found)

    # The client's portal: invited with a PHQ-9 assigned, signed up, then every page of hers.
    sign_in(d, server, PRACTITIONER)
    d.get(server + f"/engagements/{engagement}")
    d.find_element(By.CSS_SELECTOR, "#portal summary").click()
    fill(d, {"every-phq9": "1"})
    submit(d, "form[action$='/portal-settings'] button")
    submit(d, "form[action$='/invitations'] button")
    link = d.find_element(By.ID, "invitation-url").text
    d.delete_all_cookies()
    check_pages(d, server, [("invitation", link.removeprefix(server))], found)
    d.get(link)
    fill(d, {"email": "client.pages@example.org", "password": PASSWORD})
    submit(d, "button.primary")
    check_pages(d, server, [("portal", "/portal"), ("portal-progress", "/portal/progress"), ("portal-phq9", "/portal/measures/phq9")], found)
    d.delete_all_cookies()
    check_pages(d, server, [("portal-sign-in", "/portal/signin"), ("sign-in", "/signin")], found)

    assert not found, "\n".join(found)


def test_the_first_run_pages(fresh_server, browser):
    d = browser
    found = []
    check_pages(d, fresh_server, [("setup", "/setup")], found)
    submit(d, "button.primary")
    assert d.find_elements(By.CLASS_NAME, "error-summary")
    check_here(d, "setup-refused", found)
    assert not found, "\n".join(found)
