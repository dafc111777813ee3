"""Starts the built Tandem server on a free port with a temporary data dir, and a headless Chromium to drive it."""
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_server(*extra, prepare=None):
    """A built Tandem server on a free port with a temporary data dir (and any extra `serve` flags), until closed.
    `prepare(binary, data_dir)` runs first, e.g. to generate a demo practice there."""
    # Behind a load balancer (scripts/behind-nginx): the instances are already running; test through it.
    external = os.environ.get("TANDEM_TEST_BASE_URL")
    if external and not extra and prepare is None:
        yield external
        return
    binary = os.environ.get("TANDEM_BIN", str(ROOT / ".build" / "debug" / "tandem"))
    data_dir = tempfile.mkdtemp(prefix="tandem-browser-")
    if prepare is not None:
        prepare(binary, data_dir)
    port = free_port()
    env = dict(os.environ, TANDEM_BCRYPT_COST="4", TANDEM_LOG_LEVEL="warning")
    env.pop("TANDEM_DATABASE_URL", None)
    log = open(os.path.join(data_dir, "server.log"), "w")
    proc = subprocess.Popen([binary, "serve", "--port", str(port), "--data-dir", data_dir, *extra], stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as r:
                if r.status == 200:
                    break
        except Exception:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("the Tandem server did not start; see " + log.name)
            time.sleep(0.2)
    yield base
    proc.terminate()
    code = proc.wait(timeout=15)
    log.close()
    assert code == 0, f"the server exited with {code} on SIGTERM (expected a clean 0)"
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def server():
    yield from run_server()


@pytest.fixture
def fresh_server():
    """A server of the test's own: for tests that each set a practice up."""
    yield from run_server()


def chromium(javascript=True):
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(candidate):
            options.binary_location = candidate
            break
    if not javascript:
        # The pages' own scripts do not run (WebDriver's still do): the forms must work as plain HTML.
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(3)
    return driver


def finish(driver, request):
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / f"{request.node.name}-failure.png"))
    driver.quit()


@pytest.fixture
def browser(request):
    driver = chromium()
    yield driver
    finish(driver, request)


@pytest.fixture
def browser_without_js(request):
    driver = chromium(javascript=False)
    yield driver
    finish(driver, request)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


def snapshot(driver, name):
    """Saves a screenshot of the current page when TANDEM_SCREENSHOTS=1 (to look at the pages as a person would)."""
    if os.environ.get("TANDEM_SCREENSHOTS") == "1":
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
