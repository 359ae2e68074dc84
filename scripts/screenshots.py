"""Screenshots of the back office for the README, taken as admin on a running `make run`.

Usage: python scripts/screenshots.py [base_url] [out_dir]
Needs the `playwright` package (kept out of Odoo's virtualenv: it pins another greenlet)
and Debian's /usr/bin/chromium: `python3 -m venv ~/.cache/layaway_pos/shots-venv &&
~/.cache/layaway_pos/shots-venv/bin/pip install playwright`.
"""

# A command-line tool: it tells what it saved on stdout, the print()s are its output.
# pylint: disable=print-used

import sys
from pathlib import Path

from browser import logged_in_page
from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8069"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")


def shoot(page, name, url, wait_for=".o_content", click=None):
    """Open `url`, wait for `wait_for` (and click `click`), save the page as `name`.png."""
    page.goto(f"{BASE}{url}")
    page.wait_for_selector(wait_for, timeout=60000)
    if click:
        page.click(click)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=False)
    print("saved", OUT / f"{name}.png")


def main():
    """Every back-office screenshot of the README, plus the contract PDF and the portal page."""
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser, page = logged_in_page(p, BASE, 1440, 900)
        for name, url, extra in [
            ("plans", "/odoo/action-layaway_pos.action_layaway_plan", {}),
            ("layaways", "/odoo/action-layaway_pos.action_layaway_orders", {}),
        ]:
            shoot(page, name, url, **extra)
        page.goto(f"{BASE}/odoo/action-layaway_pos.action_layaway_plan")
        page.wait_for_selector(".o_data_row")
        page.click(".o_data_row:nth-child(2) td[name='name']")
        page.wait_for_selector(".o_form_view")
        page.click("a[name='example_page']")
        page.wait_for_timeout(1000)
        page.screenshot(path=str(OUT / "plan_form.png"))
        print("saved plan_form")
        page.goto(f"{BASE}/odoo/action-layaway_pos.action_layaway_orders")
        page.wait_for_selector(".o_data_row")
        page.click(".o_data_row:nth-child(3) td[name='name']")
        page.wait_for_selector(".o_form_view")
        tab = page.query_selector("a[name='layaway']") or page.query_selector("a:has-text('Layaway')")
        if tab:
            tab.click()
        page.wait_for_timeout(1500)
        page.screenshot(path=str(OUT / "layaway_tab.png"), full_page=True)
        print("saved layaway_tab")
        # The contract PDF of the same layaway, as the Print menu gives it.
        order_id = page.url.rstrip("/").split("/")[-1]
        response = page.request.get(f"{BASE}/report/pdf/layaway_pos.report_layaway_contract/{order_id}")
        (OUT / "contract.pdf").write_bytes(response.body())
        print("saved contract.pdf", response.status)
        # Reports: the layaway analysis and the deposit reconciliation.
        shoot(page, "report_analysis", "/odoo/action-layaway_pos.action_layaway_report")
        page.goto(f"{BASE}/odoo/action-layaway_pos.action_layaway_liability_wizard")
        page.wait_for_selector(".modal button[name='action_open_report'], button[name='action_open_report']")
        page.click(".modal-title")  # close the date picker the form opens with
        page.click("button[name='action_open_report']")
        page.wait_for_selector(".o_list_view")
        page.wait_for_timeout(2500)
        page.screenshot(path=str(OUT / "report_reconciliation.png"))
        print("saved report_reconciliation")
        # The customer's own page, as the link in the reminder emails opens it (not logged in).
        rpc = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "sale.order",
                "method": "search_read",
                "args": [[["layaway_state", "=", "active"]], ["id", "access_token"]],
                "kwargs": {"limit": 1, "order": "id"},
            },
        }
        answer = page.request.post(f"{BASE}/web/dataset/call_kw", data=rpc).json()
        token = answer["result"][0]
        guest = browser.new_page(viewport={"width": 1280, "height": 900})
        guest.goto(f"{BASE}/my/layaways/{token['id']}?access_token={token['access_token']}")
        guest.wait_for_timeout(2500)
        guest.screenshot(path=str(OUT / "portal_layaway.png"), full_page=True)
        print("saved portal_layaway")
        browser.close()


if __name__ == "__main__":
    main()
