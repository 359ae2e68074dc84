"""The headless Chromium session both screenshot scripts start from: Debian's browser, logged in as admin."""

# Without the background-networking flags Chromium keeps dialling out on this closed network.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def logged_in_page(playwright, base, width, height):
    """A browser and a page logged in to `base` as admin/admin (the `make run` database)."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{base}/web/login")
    page.fill("input[name=login]", "admin")
    page.fill("input[name=password]", "admin")
    page.click("button[type=submit]")
    page.wait_for_selector(".o_main_navbar", timeout=60000)
    return browser, page
