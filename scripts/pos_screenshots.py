"""Screenshots of the register for the README: the product screen with its Layaway buttons, the
Layaways screen (list, detail), the start dialog, the change-items dialog, a receipt of each kind
(deposit, installment, pick-up, cancellation), the partial pick-up dialog, the cancel dialog, a mixed
cart (some goods bought now, the others laid away) and its receipt, and the closing popup with its
Layaways section.

The run changes the demo data as a cashier would: it pays an installment on Azure Interior's
layaway, hands over Deco Addict's (paying its balance), starts one for Gemini Furniture and
cancels it, starts one of a sofa and a bike for Lumber Inc and hands the bike over early; then
sells Wood Corner a bike and lays a sofa away in one order; the closing popup then shows each kind.
The session itself is left open.

Usage (after `make run`, same venv as scripts/screenshots.py):
    python scripts/pos_screenshots.py [base_url] [out_dir] [config_id]
"""

# A command-line tool: it tells what it saved on stdout, the print()s are its output.
# pylint: disable=print-used

import sys
from pathlib import Path

from browser import logged_in_page, optimize
from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8069"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
CONFIG = sys.argv[3] if len(sys.argv) > 3 else "1"


# The customer and the product of the layaway the run starts (demo data), and the demo's
# running layaways it pays on and hands over.
CUSTOMER = "Gemini Furniture"
PRODUCT = "Leather Sofa"
INSTALLMENT_CUSTOMER = "Azure Interior"
PICKUP_CUSTOMER = "Deco Addict"
# The layaway the run starts with two items, one of which leaves early (partial pick-up).
PARTIAL_CUSTOMER = "Lumber Inc"
PARTIAL_PRODUCTS = ("Leather Sofa", "City Bike")
# The mixed cart: a bike bought now, the sofa laid away, for another customer.
MIXED_CUSTOMER = "Wood Corner"
MIXED_SOLD = "City Bike"
MODAL = ".modal:not(.o_inactive_modal)"
WIDTH, HEIGHT = 1440, 900


def snap(page, name):
    """Save the page as `name`.png once its animations have settled."""
    page.wait_for_timeout(1200)
    page.screenshot(path=str(OUT / f"{name}.png"))
    optimize(OUT / f"{name}.png")
    print("saved", name)


def click_control_button(page, selector):
    """Click a control button of the product screen, behind "Actions" when it is folded away."""
    if not page.is_visible(selector):
        page.click(".control-buttons .more-btn, button:has-text('Actions')")
        page.wait_for_timeout(800)
    page.click(selector)


def open_layaway(page, customer):
    """From the product screen: the Layaways screen, searched for `customer`, their layaway open."""
    click_control_button(page, ".o_layaways_button")
    page.wait_for_selector(".o_layaway_screen .o_layaway_row", timeout=60000)
    page.fill(".o_layaway_screen input.o_layaway_search", customer)
    page.click(".o_layaway_screen .o_layaway_search_button")
    page.wait_for_selector(f".o_layaway_screen .o_layaway_row:has-text('{customer}')")
    page.wait_for_timeout(500)
    page.click(f".o_layaway_screen .o_layaway_row:has-text('{customer}')")
    page.wait_for_selector(".o_layaway_screen .o_layaway_detail")


def pay_cash_and_shoot_receipt(page, name, pay=True):
    """On the payment screen: pay the due amount in cash (unless nothing is due: `pay` False),
    validate, save the receipt as `name`.png (the receipt alone, whole: the window is made taller
    for it; none when `name` is None), then start a new order."""
    page.wait_for_selector(".payment-screen", timeout=60000)
    # (a cancellation opens with its refund destination's line, the original tender, already there)
    if pay and not page.query_selector(".payment-screen .paymentlines .paymentline"):
        page.click(".paymentmethods .paymentmethod:has(.payment-name:text-is('Cash'))")
        page.wait_for_timeout(800)
    page.click(".payment-screen button.validation-button.next")
    page.wait_for_selector(".receipt-screen .o_layaway_receipt", timeout=60000)
    if name is None:
        page.click(".receipt-screen .button.next.highlight[name='done']")
        page.wait_for_selector(".product-screen")
        return
    page.set_viewport_size({"width": WIDTH, "height": 2400})
    page.wait_for_timeout(1500)
    page.locator(".receipt-screen .pos-receipt").screenshot(path=str(OUT / f"{name}.png"))
    optimize(OUT / f"{name}.png")
    print("saved", name)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.wait_for_timeout(500)
    page.click(".receipt-screen .button.next.highlight[name='done']")
    page.wait_for_selector(".product-screen")


def choose_customer(page, customer):
    """Set `customer` on the order, from the product screen's customer button."""
    page.click(".product-screen button.set-partner")
    page.fill(".modal-dialog .input-group input", customer)
    page.click(f".modal .partner-list b:has-text('{customer}')")
    page.wait_for_selector(".modal", state="detached")


def add_product(page, name):
    """Search `name` on the product screen and add it to the cart."""
    page.fill("input[placeholder='Search products...']", name)
    page.click(f"article.product:has-text('{name}')")
    page.wait_for_selector(f".orderline:has-text('{name}')")
    page.fill("input[placeholder='Search products...']", "")


def mixed_cart(page):
    """A bike bought now and a sofa marked Lay away (the cart's screenshot), laid away with one
    deposit in the same order: the receipt shows both parts."""
    add_product(page, MIXED_SOLD)
    add_product(page, PRODUCT)
    # The sofa, added last, is the selected line: its Lay away toggle is in Actions.
    page.click(".control-buttons .more-btn, button:has-text('Actions')")
    page.click(f"{MODAL} .o_layaway_mark_button")
    page.wait_for_selector(f".orderline:has-text('{PRODUCT}') .o_layaway_marked_tag")
    choose_customer(page, MIXED_CUSTOMER)
    snap(page, "pos_mixed_cart")
    click_control_button(page, ".o_layaway_button")
    page.wait_for_selector(f"{MODAL} .o_layaway_schedule tr", timeout=60000)
    page.click(f"{MODAL} .o_layaway_confirm")
    pay_cash_and_shoot_receipt(page, "pos_receipt_mixed")


def start_layaway(page):
    """Fill a cart for a customer (the product screen's screenshot: the search shows a tile with
    the "can be laid away" badge next to one without), then open the start dialog; screenshot it."""
    page.fill("input[placeholder='Search products...']", "Sofa")
    page.click(f"article.product:has-text('{PRODUCT}')")
    page.wait_for_selector(f".orderline:has-text('{PRODUCT}')")
    choose_customer(page, CUSTOMER)
    page.wait_for_selector(".o_layaway_product_badge")
    snap(page, "pos_product_screen")
    page.fill("input[placeholder='Search products...']", "")
    click_control_button(page, ".o_layaway_button")
    page.wait_for_selector(f"{MODAL} .o_layaway_schedule tr", timeout=60000)
    page.wait_for_selector(f"{MODAL} .o_layaway_expiry")
    snap(page, "pos_start_dialog")
    page.click(f"{MODAL} .o_layaway_confirm")


def pay_installment(page):
    """Pay the amount the register proposes (the next installment) on a running layaway."""
    open_layaway(page, INSTALLMENT_CUSTOMER)
    page.click(".o_layaway_screen .o_layaway_pay")
    page.wait_for_selector(f"{MODAL} .input-value")
    page.wait_for_timeout(500)
    page.click(f"{MODAL} .modal-footer .btn-primary")
    pay_cash_and_shoot_receipt(page, "pos_receipt_installment")


def change_items(page):
    """Change items on the running layaway the run paid on: one more of its first item, the
    preview (new total, what to take now, new schedule) shot, then discarded: nothing changes."""
    open_layaway(page, INSTALLMENT_CUSTOMER)
    page.click(".o_layaway_screen .o_layaway_change_items")
    qty = page.locator(f"{MODAL} .o_layaway_change_qty").first
    qty.fill(str(int(float(qty.input_value() or "1")) + 1))
    page.wait_for_selector(f"{MODAL} .o_layaway_change_schedule tr", timeout=60000)
    snap(page, "pos_change_items")
    page.click(f"{MODAL} .o_layaway_change_keep")
    page.wait_for_selector(".modal", state="detached")
    page.click(".o_layaway_screen button:has-text('Back')")
    page.click(".o_layaway_screen button:has-text('Back')")
    page.wait_for_selector(".product-screen")


def pick_up(page):
    """Pay the balance of a running layaway and hand over its goods."""
    open_layaway(page, PICKUP_CUSTOMER)
    page.click(".o_layaway_screen .o_layaway_pickup")
    pay_cash_and_shoot_receipt(page, "pos_receipt_pickup")


def partial_pickup(page):
    """Start a layaway of a sofa and a bike with a deposit that covers the bike, then on the
    Layaways screen tick the bike in the partial pick-up dialog (screenshot) and hand it over."""
    for product in PARTIAL_PRODUCTS:
        page.fill("input[placeholder='Search products...']", product.split()[-1])
        page.click(f"article.product:has-text('{product}')")
        page.wait_for_selector(f".orderline:has-text('{product}')")
    page.fill("input[placeholder='Search products...']", "")
    page.click(".product-screen button.set-partner")
    page.fill(".modal-dialog .input-group input", PARTIAL_CUSTOMER)
    page.click(f".modal .partner-list b:has-text('{PARTIAL_CUSTOMER}')")
    page.wait_for_selector(".modal", state="detached")
    click_control_button(page, ".o_layaway_button")
    page.wait_for_selector(f"{MODAL} .o_layaway_schedule tr", timeout=60000)
    page.fill(f"{MODAL} input.o_layaway_deposit", "1000")
    page.press(f"{MODAL} input.o_layaway_deposit", "Enter")
    page.wait_for_timeout(1500)
    page.click(f"{MODAL} .o_layaway_confirm")
    pay_cash_and_shoot_receipt(page, None)
    open_layaway(page, PARTIAL_CUSTOMER)
    page.click(".o_layaway_screen .o_layaway_pickup_partial")
    page.wait_for_selector(f"{MODAL} .o_layaway_pickup_dialog")
    page.click(f"{MODAL} .o_layaway_pickup_item:has-text('{PARTIAL_PRODUCTS[1]}') .o_layaway_pickup_tick")
    page.wait_for_selector(f"{MODAL} .o_layaway_pickup_covered", timeout=60000)
    snap(page, "pos_partial_pickup")
    page.click(f"{MODAL} .o_layaway_pickup_confirm")
    pay_cash_and_shoot_receipt(page, None, pay=False)


def cancel(page):
    """Cancel the layaway the run started: the dialog with its reason, then the refund paid out."""
    open_layaway(page, CUSTOMER)
    page.click(".o_layaway_screen .o_layaway_cancel")
    page.wait_for_selector(f"{MODAL} .o_layaway_cancel_dialog")
    page.fill(f"{MODAL} .o_layaway_cancel_reason", "The customer found a smaller sofa elsewhere.")
    snap(page, "pos_cancel_dialog")
    page.click(f"{MODAL} .o_layaway_cancel_confirm")
    pay_cash_and_shoot_receipt(page, "pos_receipt_cancellation")


def show_closing(page):
    """Open (not confirm) the register's closing popup, scrolled to its Layaways section."""
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
        browser, page = logged_in_page(p, BASE, WIDTH, HEIGHT)
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
        # The smallest register the README promises the Layaway button on: 1024 px wide.
        page.set_viewport_size({"width": 1024, "height": 768})
        page.wait_for_selector(".product-screen .o_layaway_button", timeout=30000)
        page.wait_for_timeout(1500)
        snap(page, "pos_product_screen_1024")
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        page.wait_for_timeout(1000)
        # The Layaways screen: every open layaway, then one's detail.
        click_control_button(page, ".o_layaways_button")
        page.wait_for_selector(".o_layaway_screen .o_layaway_row", timeout=60000)
        snap(page, "pos_layaways_list")
        page.click(f".o_layaway_screen .o_layaway_row:has-text('{INSTALLMENT_CUSTOMER}')")
        page.wait_for_selector(".o_layaway_screen .o_layaway_detail")
        snap(page, "pos_layaways_screen")
        page.click(".o_layaway_screen button:has-text('Back')")
        page.click(".o_layaway_screen button:has-text('Back')")
        page.wait_for_selector(".product-screen")
        # The product screen and the start dialog, a receipt of each kind, the cancel dialog.
        start_layaway(page)
        pay_cash_and_shoot_receipt(page, "pos_receipt_deposit")
        pay_installment(page)
        change_items(page)
        pick_up(page)
        partial_pickup(page)
        cancel(page)
        mixed_cart(page)
        show_closing(page)
        browser.close()


if __name__ == "__main__":
    main()
