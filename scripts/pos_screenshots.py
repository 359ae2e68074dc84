"""Screenshots of the register for the README: the Layaways screen (list, detail) and a receipt.

Usage (after `make run`, same venv as scripts/screenshots.py):
    python scripts/pos_screenshots.py [base_url] [out_dir] [config_id]
"""

import sys
from pathlib import Path

from browser import logged_in_page
from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8069"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
CONFIG = sys.argv[3] if len(sys.argv) > 3 else "1"


def snap(page, name):
    page.wait_for_timeout(1200)
    page.screenshot(path=str(OUT / f"{name}.png"))
    print("saved", name)


def main():
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
        if not page.is_visible(".o_layaways_button"):
            page.click(".control-buttons .more-btn, button:has-text('Actions')")
            page.wait_for_timeout(800)
        page.click(".o_layaways_button")
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
        browser.close()


if __name__ == "__main__":
    main()
