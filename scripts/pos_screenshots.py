"""Screenshots of the register for the README: the Layaways screen (list, detail), a receipt,
the layaway start dialog and the closing popup with its Layaways section.

The start dialog is confirmed and paid in cash, so the run starts one layaway in the open
session (the closing popup then has one to show); the session itself is left open.

Usage (after `make run`, same venv as scripts/screenshots.py):
    python scripts/pos_screenshots.py [base_url] [out_dir] [config_id]
"""

# A command-line tool: it tells what it saved on stdout, the print()s are its output.
# pylint: disable=print-used

import sys
from pathlib import Path

from browser import logged_in_page
from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8069"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
CONFIG = sys.argv[3] if len(sys.argv) > 3 else "1"


# The customer and the product of the layaway the run starts (demo data).
CUSTOMER = "Gemini Furniture"
PRODUCT = "Leather Sofa"
MODAL = ".modal:not(.o_inactive_modal)"


def snap(page, name):
    """Save the page as `name`.png once its animations have settled."""
    page.wait_for_timeout(1200)
    page.screenshot(path=str(OUT / f"{name}.png"))
    print("saved", name)


def click_control_button(page, selector):
    """Click a control button of the product screen, behind "Actions" when it is folded away."""
    if not page.is_visible(selector):
        page.click(".control-buttons .more-btn, button:has-text('Actions')")
        page.wait_for_timeout(800)
    page.click(selector)


def start_layaway(page):
    """Fill a cart for a customer and open the layaway start dialog on it; screenshot it."""
    page.fill("input[placeholder='Search products...']", PRODUCT)
    page.click(f"article.product:has-text('{PRODUCT}')")
    page.wait_for_selector(f".orderline:has-text('{PRODUCT}')")
    page.fill("input[placeholder='Search products...']", "")
    page.click(".product-screen button.set-partner")
    page.fill(".modal-dialog .input-group input", CUSTOMER)
    page.click(f".modal .partner-list b:has-text('{CUSTOMER}')")
    page.wait_for_selector(".modal", state="detached")
    click_control_button(page, ".o_layaway_button")
    page.wait_for_selector(f"{MODAL} .o_layaway_schedule tr", timeout=60000)
    page.wait_for_selector(f"{MODAL} .o_layaway_expiry")
    snap(page, "pos_start_dialog")


def pay_deposit_and_close(page):
    """Take the minimum deposit in cash, then open (not confirm) the register's closing popup."""
    page.click(f"{MODAL} .o_layaway_confirm")
    page.wait_for_selector(".payment-screen", timeout=60000)
    page.click(".paymentmethods .paymentmethod:has(.payment-name:text-is('Cash'))")
    page.wait_for_timeout(800)
    page.click(".payment-screen button.validation-button.next")
    page.wait_for_selector(".receipt-screen", timeout=60000)
    page.click(".receipt-screen .button.next.highlight[name='done']")
    page.wait_for_selector(".product-screen")
    page.click(".pos-rightheader button:has(.fa-bars)")
    page.click("span.dropdown-item:has-text('Close Register')")
    page.wait_for_selector(f"{MODAL} .o_layaway_closing", timeout=60000)
    # Count the cash as expected (when the register counts cash), so no difference shows in red.
    autofill = page.locator(f"{MODAL} button.fa-clone")
    if autofill.count():
        autofill.first.click()
    page.locator(f"{MODAL} .o_layaway_closing").scroll_into_view_if_needed()
    snap(page, "pos_closing")


def main():
    """Open the register, then take every screenshot of the README's register section."""
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser, page = logged_in_page(p, BASE, 1366, 850)
        page.goto(f"{BASE}/pos/ui?config_id={CONFIG}")
        page.wait_for_selector(".pos", timeout=180000)
        page.wait_for_timeout(3000)
        if page.query_selector("text=Open Register"):
            page.click("text=Open Register")
            page.wait_for_timeout(2000)
            # The cash count of the opening, when the register asks for one.
            button = page.query_selector(".modal button:has-text('Open Register')")
            if button:
                button.click()
        page.wait_for_selector(".product-screen", timeout=60000)
        snap(page, "pos_product_screen")
        # The Layaways screen: search, open the first layaway, reprint its receipt.
        click_control_button(page, ".o_layaways_button")
        page.wait_for_selector(".o_layaway_screen")
        page.fill(".o_layaway_screen input.o_layaway_search", "Azure")
        page.click(".o_layaway_screen .o_layaway_search_button")
        page.wait_for_selector(".o_layaway_screen .o_layaway_row")
        page.click(".o_layaway_screen .o_layaway_row")
        page.wait_for_selector(".o_layaway_screen .o_layaway_detail")
        snap(page, "pos_layaways_screen")
        page.click(".o_layaway_screen .o_layaway_reprint")
        page.wait_for_selector(".modal .o_layaway_receipt_balance")
        snap(page, "pos_receipt")
        page.click(".modal .btn-secondary:has-text('Close')")
        page.click(".o_layaway_screen button:has-text('Back')")
        snap(page, "pos_layaways_list")
        # A new layaway: the start dialog, its deposit paid, and the closing popup.
        page.click(".o_layaway_screen button:has-text('Back')")
        page.wait_for_selector(".product-screen")
        start_layaway(page)
        pay_deposit_and_close(page)
        browser.close()


if __name__ == "__main__":
    main()
