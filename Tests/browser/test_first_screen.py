"""The live view is made for a room with a client in it: at 1280×800 (a laptop) and at 1024×768 (an iPad in
landscape) the phase clock, what the phase needs (the agreement in the opening, the marker buttons in the work, the
takeaway in the closing) and the latest records are on the first screen, without scrolling, in the phase's order."""
from selenium.webdriver.common.by import By

from conftest import snapshot
from journeys import open_screened_engagement, practice_with_client
from test_live_session import shortcut
from test_walking_skeleton import fill, submit

SIZES = ((1280, 800), (1024, 768))


def viewport(d, width, height):
    """The page's own viewport (not the window's outer size), as the device would have it."""
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    d.execute_script("window.scrollTo(0, 0)")


def box(d, selector):
    return d.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right];", selector)


def on_first_screen(d, selector, width, height):
    top, bottom, left, right = box(d, selector)
    assert 0 <= top and bottom <= height, f"{selector} at {top:.0f}–{bottom:.0f} px, the screen is {height} px high ({width}×{height})"
    assert 0 <= left and right <= width, f"{selector} at {left:.0f}–{right:.0f} px across ({width}×{height})"
    return top


def check(d, phase, needs):
    for width, height in SIZES:
        viewport(d, width, height)
        assert d.execute_script("return document.documentElement.scrollWidth") <= width, "no sideways scrolling"
        clock = on_first_screen(d, ".clock", width, height)
        tops = [on_first_screen(d, selector, width, height) for selector in needs]
        assert all(clock < top for top in tops), "the clock comes first"
        on_first_screen(d, "#record-latest", width, height)
        snapshot(d, f"first-screen-{phase}-{width}")


def test_the_first_screen_at_laptop_and_ipad_sizes(fresh_server, browser):
    d = browser
    practice_with_client(d, fresh_server)
    open_screened_engagement(d)
    d.find_element(By.CSS_SELECTOR, ".schedule-form summary").click()
    d.execute_script("document.getElementById('time').value = '14:00'")
    submit(d, ".schedule-form button[type=submit]")
    submit(d, "button.primary")
    check(d, "opening", ["#clientWords", "#focus"])
    top_agreement, top_markers = box(d, "#agreement")[0], box(d, "#markers-form")[0]
    assert top_agreement < top_markers, "in the opening the agreement comes before the markers"

    fill(d, {"clientWords": "I want Mondays to stop ruining my Sundays", "focus": "Sunday evening dread"})
    submit(d, "#agreement button[type=submit]")
    submit(d, "#next-phase")
    for key in "1342":
        shortcut(d, key)
    check(d, "work", [f"button.marker.{kind}" for kind in ("insight", "cognition", "affect", "strength", "reflection")] + [".latest-list li"])
    assert box(d, "#markers-form")[0] < box(d, "#agreement")[0], "in the work phase the markers come first"

    submit(d, "#next-phase")
    check(d, "closing", ["#takeawayText"])
    assert box(d, "#closing")[0] < box(d, "#markers-form")[0], "in the closing the takeaways come first"
