"""Screenshots of the back office and the portal for the README, taken as admin on a running
`make run` (best after scripts/pos_screenshots.py, which closes one of the demo layaways).

Usage: python scripts/screenshots.py [base_url] [out_dir]
Needs the `playwright`, `pillow` and `pymupdf` packages (kept out of Odoo's virtualenv:
playwright pins another greenlet) and Debian's /usr/bin/chromium:
`python3 -m venv ~/.cache/layaway_pos/shots-venv &&
~/.cache/layaway_pos/shots-venv/bin/pip install playwright pillow pymupdf`.
The portal screenshots log in as a portal user the script gives to the customer of a closed
layaway (login and password `portal-layaway`), created on the first run.
"""

# A command-line tool: it tells what it saved on stdout, the print()s are its output.
# pylint: disable=print-used

import sys
from pathlib import Path

import pymupdf
from browser import FLAGS, logged_in_page, login, optimize
from PIL import Image, ImageOps
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
    save(page, name)


def save(page, name, **options):
    """Screenshot `page` as `name`.png, in 256 colours."""
    page.screenshot(path=str(OUT / f"{name}.png"), **options)
    optimize(OUT / f"{name}.png")
    print("saved", OUT / f"{name}.png")


def call(page, model, method, args, **kwargs):
    """A JSON-RPC call_kw as the logged-in user; its result."""
    rpc = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
    }
    answer = page.request.post(f"{BASE}/web/dataset/call_kw", data=rpc).json()
    if "error" in answer:
        raise RuntimeError(answer["error"]["data"]["message"])
    return answer["result"]


def portal_customer(page):
    """The login of a portal user for the customer of a closed layaway (else of a running one)."""
    for state in ("done", "active"):
        orders = call(page, "sale.order", "search_read", [[["layaway_state", "=", state]], ["partner_id"]], limit=1)
        if orders:
            break
    partner_id = orders[0]["partner_id"][0]
    login_name = "portal-layaway"
    if not call(page, "res.users", "search", [[["login", "=", login_name]]]):
        group = call(
            page, "ir.model.data", "search_read", [[["module", "=", "base"], ["name", "=", "group_portal"]], ["res_id"]]
        )
        values = {
            "login": login_name,
            "password": login_name,
            "partner_id": partner_id,
            "group_ids": [[6, 0, [group[0]["res_id"]]]],
        }
        call(page, "res.users", "create", [values])
    return login_name


def shoot_portal(p, browser, page):
    """The portal: a running layaway as a reminder's link opens it (not logged in), then a
    customer logged in: My Account with its Layaways entry and their (closed) layaway."""
    # The customer's own page, as the link in the reminder emails opens it (not logged in).
    token = call(
        page,
        "sale.order",
        "search_read",
        [[["layaway_state", "=", "active"]], ["id", "access_token"]],
        limit=1,
        order="id",
    )[0]
    guest = browser.new_page(viewport={"width": 1280, "height": 900})
    guest.goto(f"{BASE}/my/layaways/{token['id']}?access_token={token['access_token']}")
    guest.wait_for_selector("#wrap", timeout=60000)
    guest.wait_for_timeout(2500)
    save(guest, "portal_layaway", full_page=True)
    # Pay, through the same link: the choice of amount, then the provider's form (Demo provider).
    guest.click("button.o_layaway_pay")
    guest.wait_for_selector("#o_layaway_pay_dialog.show .o_layaway_pay_continue", timeout=30000)
    guest.wait_for_timeout(800)
    save(guest, "portal_pay_dialog")
    guest.click("#o_layaway_pay_dialog .o_layaway_pay_continue")
    guest.wait_for_selector(".o_layaway_pay_page", timeout=60000)
    guest.wait_for_timeout(2000)
    save(guest, "portal_pay_page", full_page=True)
    guest.close()
    # A customer logged in: My Account with its Layaways entry, then their (closed) layaway.
    portal_login = portal_customer(page)
    customer_browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
    customer = customer_browser.new_page(viewport={"width": 1280, "height": 800})
    login(customer, BASE, portal_login, portal_login, "#wrap")
    customer.goto(f"{BASE}/my")
    customer.wait_for_selector(".o_portal_docs a[href='/my/layaways']", timeout=60000)
    customer.wait_for_timeout(2000)
    save(customer, "portal_home")
    customer.goto(f"{BASE}/my/layaways")
    customer.wait_for_selector("#wrap table tbody tr a", timeout=60000)
    customer.click("#wrap table tbody tr a")
    customer.wait_for_timeout(2500)
    save(customer, "portal_layaway_done", full_page=True)
    customer_browser.close()


def pdf_first_page(page, report, order_id, name):
    """The first page of `report` for the order, as an image (the PDF itself is not kept)."""
    response = page.request.get(f"{BASE}/report/pdf/{report}/{order_id}")
    document = pymupdf.open(stream=response.body(), filetype="pdf")
    document[0].get_pixmap(dpi=110).save(str(OUT / f"{name}.png"))
    # The printed part only (a label is a small box on its page), with a margin.
    image = Image.open(OUT / f"{name}.png").convert("RGB")
    box = ImageOps.invert(image.convert("L")).getbbox()
    if box:
        image.crop((max(box[0] - 20, 0), max(box[1] - 20, 0), box[2] + 20, box[3] + 20)).save(OUT / f"{name}.png")
    optimize(OUT / f"{name}.png")
    print("saved", name, response.status)


def shoot_changes(page, order_id):
    """A running layaway's Change Items and Partial Pick-up wizards (opened, nothing changed), and its hold tags."""
    for name, button in (("change_items_wizard", "Change Items"), ("partial_pickup_wizard", "Partial Pick-up")):
        page.goto(f"{BASE}/odoo/action-layaway_pos.action_layaway_orders/{order_id}")
        page.wait_for_selector(".o_form_view")
        page.locator(f".o_form_view button:has-text('{button}')").first.click()
        page.wait_for_selector(".modal .o_form_view .o_field_one2many")
        if name == "change_items_wizard":
            # One more of the first goods line: the preview shows the new total and minimum deposit.
            page.click(".modal .o_field_one2many .o_data_row:first-child td[name='quantity']")
            field = page.locator(".modal .o_field_one2many .o_data_row:first-child td[name='quantity'] input")
            field.fill(str(float(field.input_value() or 1) + 1))
            page.click(".modal .modal-title")
        else:
            page.click(".modal .o_field_one2many .o_data_row:first-child td[name='quantity']")
            page.locator(".modal .o_field_one2many .o_data_row:first-child td[name='quantity'] input").fill("1")
            page.click(".modal .modal-title")
        page.wait_for_timeout(1500)
        save(page, name)
        page.click(".modal button:has-text('Discard')")
    pdf_first_page(page, "layaway_pos.report_layaway_hold_tag", order_id, "hold_tag-1")


def main():
    """Every back-office screenshot of the README, the contract's first page and the portal pages."""
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
        save(page, "plan_form")
        # The installment-sale plan: its Revenue Recognition at start.
        page.goto(f"{BASE}/odoo/action-layaway_pos.action_layaway_plan")
        page.wait_for_selector(".o_data_row")
        page.click(".o_data_row td[name='name']:has-text('Installment sale')")
        page.wait_for_selector(".o_form_view div[name='recognition']")
        page.wait_for_timeout(1000)
        save(page, "plan_form_installment_sale")
        page.goto(f"{BASE}/odoo/action-layaway_pos.action_layaway_orders")
        page.wait_for_selector(".o_data_row")
        page.click(".o_data_row:nth-child(3) td[name='name']")
        page.wait_for_selector(".o_form_view")
        tab = page.query_selector("a[name='layaway']") or page.query_selector("a:has-text('Layaway')")
        if tab:
            tab.click()
        page.wait_for_timeout(1500)
        save(page, "layaway_tab", full_page=True)
        # The contract PDF of the same layaway, as the Print menu gives it.
        order_id = page.url.rstrip("/").split("/")[-1]
        response = page.request.get(f"{BASE}/report/pdf/layaway_pos.report_layaway_contract/{order_id}")
        # Its first page as an image (the PDF itself is not kept in the repository).
        contract = pymupdf.open(stream=response.body(), filetype="pdf")
        contract[0].get_pixmap(dpi=80).save(str(OUT / "contract-1.png"))
        optimize(OUT / "contract-1.png")
        print("saved contract-1", response.status)
        # A running layaway that holds goods: its Change Items and Partial Pick-up wizards, its hold tags.
        running = call(
            page,
            "sale.order",
            "search_read",
            [[["layaway_state", "=", "active"], ["layaway_plan_id.stock_policy", "=", "reserve"]], ["id"]],
            limit=1,
        )
        shoot_changes(page, running[0]["id"])
        # Reports: the layaway analysis and the deposit reconciliation.
        shoot(page, "report_analysis", "/odoo/action-layaway_pos.action_layaway_report")
        page.goto(f"{BASE}/odoo/action-layaway_pos.action_layaway_liability_open")
        page.wait_for_selector(".o_list_view .o_layaway_liability_date")
        page.wait_for_timeout(2500)
        save(page, "report_reconciliation")
        shoot_portal(p, browser, page)
        browser.close()


if __name__ == "__main__":
    main()
