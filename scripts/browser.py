"""The headless Chromium session both screenshot scripts start from: Debian's browser, logged in as admin."""

from PIL import Image

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


def login(page, base, user, password, wait_for):
    """Log `page` in to `base` as `user`, then wait for `wait_for` (the home page's)."""
    page.goto(f"{base}/web/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector(wait_for, timeout=60000)


def logged_in_page(playwright, base, width, height):
    """A browser and a page logged in to `base` as admin/admin (the `make run` database)."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
    page = browser.new_page(viewport={"width": width, "height": height})
    login(page, base, "admin", "admin", ".o_main_navbar")
    return browser, page


def optimize(path):
    """Rewrite the PNG at `path` in 256 colours: a third of the size, text as sharp."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)
