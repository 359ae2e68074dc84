"""Bad input, everywhere a user or a client sends it: the public API, the wizards, the register.

Each case of ``CASES`` is refused with a message that says what to send instead (the fragment
given), and nothing was written when the refusal came: the layaways' state, amounts,
installments and payments, the journal items, the stock, the sale and POS orders are as they
were. README.md "Access" gives their count.
"""

# The case helpers below are named by what they call; the tables say why each exists.
# pylint: disable=missing-function-docstring,missing-class-docstring,redefined-outer-name,consider-using-dict-items

from contextlib import closing
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_pos_common import LayawayPosCommon

NAN, INF = float("nan"), float("inf")
MISSING = 999_999_999  # an id no record has


def lines(*specs):
    """Cart lines as the register sends them: (product, qty[, extra values])."""
    return [{"product_id": spec[0].id, "qty": spec[1], **(spec[2] if len(spec) > 2 else {})} for spec in specs]


# (what is sent, a fragment of the refusal, the call: t is the test, with its records)
CASES = (
    # --- action_layaway_start (a draft of 2 sofas and a lamp: total 290, minimum deposit 66) ---
    ("start: deposit as text", "The deposit must be a number", lambda t: t.start("abc")),
    ("start: deposit as a numeric text", "The deposit must be a number", lambda t: t.start("90")),
    ("start: deposit NaN", "The deposit must be a real amount", lambda t: t.start(NAN)),
    ("start: deposit infinite", "The deposit must be a real amount", lambda t: t.start(INF)),
    ("start: deposit negative", "The deposit must be more than zero", lambda t: t.start(-90.0)),
    ("start: deposit zero", "The deposit must be more than zero", lambda t: t.start(0.0)),
    ("start: deposit True", "The deposit must be a number", lambda t: t.start(True)),
    ("start: deposit below the minimum", "The deposit must be at least", lambda t: t.start(65.99)),
    ("start: deposit above the total", "cannot be more than the total", lambda t: t.start(290.01)),
    ("start: deposit with 3 decimals", "has more decimals than", lambda t: t.start(90.001)),
    ("start: 0-decimal currency, deposit with cents", "allows (0)", lambda t: t.draft_jpy.action_layaway_start(100.5)),
    ("start: installments as text", "must be a whole number", lambda t: t.start(90.0, installment_count="3")),
    ("start: installments fractional", "must be a whole number", lambda t: t.start(90.0, installment_count=2.5)),
    ("start: installments negative", "must be between 1 and", lambda t: t.start(90.0, installment_count=-2)),
    (
        "start: installments above the plan's maximum",
        "Choose between 1 and 6 installments",
        lambda t: t.start(90.0, installment_count=7),
    ),
    ("start: journal id missing", "does not exist", lambda t: t.start(90.0, journal_id=MISSING)),
    ("start: journal id as text", "The journal must be a record id", lambda t: t.start(90.0, journal_id="BNK1")),
    (
        "start: a sales journal",
        "Choose a bank or cash journal",
        lambda t: t.start(90.0, journal_id=t.company_data["default_journal_sale"].id),
    ),
    (
        "start: a bank journal of another company",
        "Choose a bank or cash journal of",
        lambda t: t.start(90.0, journal_id=t.bank_journal_b.id),
    ),
    ("start: already started", "cannot be started", lambda t: t.active.action_layaway_start(90.0)),
    ("start: deleted layaway", "does not exist", lambda t: t.deleted.action_layaway_start(90.0)),
    # --- action_layaway_pay (an active layaway: paid 90, balance 200) ---
    ("pay: amount as text", "The payment must be a number", lambda t: t.pay("abc")),
    ("pay: amount None", "The payment must be a number", lambda t: t.pay(None)),
    ("pay: amount as a list", "The payment must be a number", lambda t: t.pay([10.0])),
    ("pay: amount NaN", "The payment must be a real amount", lambda t: t.pay(NAN)),
    ("pay: amount minus infinity", "The payment must be a real amount", lambda t: t.pay(-INF)),
    ("pay: amount negative", "The payment must be more than zero", lambda t: t.pay(-5.0)),
    ("pay: amount zero", "The payment must be more than zero", lambda t: t.pay(0)),
    ("pay: amount below the currency's unit", "The payment must be more than zero", lambda t: t.pay(0.001)),
    ("pay: above the balance", "is more than the balance", lambda t: t.pay(200.01)),
    ("pay: 3 decimals", "has more decimals than", lambda t: t.pay(10.005)),
    ("pay: 0-decimal currency, cents", "allows (0)", lambda t: t.draft_jpy.action_layaway_pay(10.5)),
    ("pay: a draft", "cannot take a payment", lambda t: t.draft.action_layaway_pay(10.0)),
    ("pay: journal id deleted", "does not exist", lambda t: t.pay(10.0, journal_id=t.deleted_journal_id)),
    ("pay: journal id zero-padded text", "must be a record id", lambda t: t.pay(10.0, journal_id="007")),
    # --- action_layaway_complete ---
    ("complete: last payment as text", "The last payment must be a number", lambda t: t.complete("all")),
    ("complete: last payment negative", "The last payment cannot be negative", lambda t: t.complete(-1.0)),
    ("complete: last payment above the balance", "is more than the balance", lambda t: t.complete(500.0)),
    ("complete: balance left", "cannot be completed: it is active", lambda t: t.complete()),
    ("complete: last payment short of the balance", "does not pay the balance", lambda t: t.complete(199.99)),
    ("complete: last payment on a draft", "cannot take a payment", lambda t: t.draft.action_layaway_complete(290.0)),
    # --- action_layaway_cancel ---
    ("cancel: no reason", "Give a reason to cancel", lambda t: t.cancel("")),
    ("cancel: blank reason", "Give a reason to cancel", lambda t: t.cancel("   \n ")),
    ("cancel: reason as a number", "Give a reason to cancel", lambda t: t.cancel(42)),
    ("cancel: reason of 1001 characters", "has 1001 characters; shorten it to 1000", lambda t: t.cancel("x" * 1001)),
    (
        "cancel: unknown refund method",
        "Refund by 'credit_note'",
        lambda t: t.cancel("Moved away", refund_method="cash"),
    ),
    ("cancel: refund method 3", "Refund by 'credit_note'", lambda t: t.cancel("Moved away", refund_method=3)),
    ("cancel: pay back from a missing journal", "does not exist", lambda t: t.cancel("Moved away", "payment", MISSING)),
    ("cancel: already done", "cannot be cancelled: it is done", lambda t: t.done.action_layaway_cancel("Moved away")),
    # --- action_layaway_extend (expiry: today + 200 days) ---
    ("extend: malformed date", "must be a date written YYYY-MM-DD", lambda t: t.extend("2027-13-45")),
    ("extend: date in words", "must be a date written YYYY-MM-DD", lambda t: t.extend("next month")),
    ("extend: date as a number", "must be a date written YYYY-MM-DD", lambda t: t.extend(20270101)),
    ("extend: no date", "must be a date written YYYY-MM-DD", lambda t: t.extend(False)),
    ("extend: a past date", "after today and after the current one", lambda t: t.extend(t.today - timedelta(days=1))),
    (
        "extend: before the current expiry",
        "after today and after the current one",
        lambda t: t.extend(t.today + timedelta(days=100)),
    ),
    ("extend: a draft", "cannot be extended", lambda t: t.draft.action_layaway_extend(t.today + timedelta(days=300))),
    # --- the wizards ---
    (
        "start wizard: deposit negative",
        "The deposit must be more than zero",
        lambda t: t.wizard("start", t.draft, deposit_amount=-1.0).action_start(),
    ),
    (
        "start wizard: deposit below the minimum",
        "The deposit must be at least",
        lambda t: t.wizard("start", t.draft, deposit_amount=10.0).action_start(),
    ),
    (
        "start wizard: installments out of range",
        "Choose between 1 and 6 installments",
        lambda t: t.wizard("start", t.draft, installment_count=60).action_start(),
    ),
    (
        "start wizard: installments zero",
        "Choose between 1 and 6 installments",
        lambda t: t.wizard("start", t.draft, installment_count=0).action_start(),
    ),
    (
        "payment wizard: amount zero",
        "The payment must be more than zero",
        lambda t: t.wizard("payment", t.active, amount=0.0).action_pay(),
    ),
    (
        "payment wizard: above the balance",
        "is more than the balance",
        lambda t: t.wizard("payment", t.active, amount=250.0).action_pay(),
    ),
    (
        "payment wizard: pay and complete short of the balance",
        "does not pay the balance",
        lambda t: t.wizard("payment", t.active, amount=10.0).action_pay_and_complete(),
    ),
    (
        "cancel wizard: blank reason",
        "Give a reason to cancel",
        lambda t: t.wizard("cancel", t.active, reason="  ").action_cancel(),
    ),
    (
        "cancel wizard: pay back without a journal",
        "Choose the bank or cash journal",
        lambda t: t.cancel_without_journal(),
    ),
    (
        "extend wizard: a past date",
        "after today and after the current one",
        lambda t: t.wizard("extend", t.active, expiry_date=t.today - timedelta(days=3)).action_extend(),
    ),
    (
        "bulk wizard: extend by zero days",
        "Extend by at least one day",
        lambda t: t.bulk(t.active, extend_days=0).action_apply(),
    ),
    (
        "bulk wizard: extend by negative days",
        "Extend by at least one day",
        lambda t: t.bulk(t.active, extend_days=-30).action_apply(),
    ),
    (
        "bulk wizard: cancel without a reason",
        "Give a reason to cancel the layaways",
        lambda t: t.bulk(t.active, action="cancel").action_apply(),
    ),
    (
        "bulk wizard: an order that is no layaway",
        "These orders are not layaways",
        lambda t: t.bulk(t.active | t.plain, action="cancel", reason="Closing").action_apply(),
    ),
    (
        "bulk wizard: one of two refuses, none is extended",
        "cannot be extended",
        lambda t: t.bulk(t.active | t.draft, extend_days=10).action_apply(),
    ),
    # --- the register ---
    ("preview: register id as text", "The register must be a record id", lambda t: t.preview_raw(config="1")),
    ("preview: register missing", "The register 999999999 does not exist", lambda t: t.preview_raw(config=MISSING)),
    ("preview: register without layaways", "Layaways are not enabled", lambda t: t.preview_raw(config=t.config_off.id)),
    ("preview: no customer", "Choose the customer first", lambda t: t.preview_raw(partner=False)),
    ("preview: customer deleted", "does not exist", lambda t: t.preview_raw(partner=t.deleted_partner_id)),
    ("preview: empty cart", "Add the goods to lay away", lambda t: t.preview_raw(cart=[])),
    ("preview: cart as text", "must be a list of lines", lambda t: t.preview_raw(cart="2 sofas")),
    ("preview: cart line as a list", "must be a list of lines", lambda t: t.preview_raw(cart=[[1, 2]])),
    (
        "preview: product missing",
        "The product 999999999 does not exist",
        lambda t: t.preview_raw(cart=[{"product_id": MISSING, "qty": 1}]),
    ),
    (
        "preview: product id as text",
        "The product must be a record id",
        lambda t: t.preview_raw(cart=[{"product_id": "sofa"}]),
    ),
    (
        "preview: quantity zero",
        "Each quantity must be a number above zero",
        lambda t: t.preview_raw(cart=lines((t.sofa, 0))),
    ),
    (
        "preview: quantity negative",
        "Each quantity must be a number above zero",
        lambda t: t.preview_raw(cart=lines((t.sofa, -1))),
    ),
    (
        "preview: quantity NaN",
        "Each quantity must be a number above zero",
        lambda t: t.preview_raw(cart=lines((t.sofa, NAN))),
    ),
    (
        "preview: quantity as text",
        "Each quantity must be a number above zero",
        lambda t: t.preview_raw(cart=lines((t.sofa, "2"))),
    ),
    (
        "preview: price negative",
        "The price cannot be negative",
        lambda t: t.preview_raw(cart=lines((t.sofa, 1, {"price_unit": -100.0}))),
    ),
    (
        "preview: price infinite",
        "The price must be a real amount",
        lambda t: t.preview_raw(cart=lines((t.sofa, 1, {"price_unit": INF}))),
    ),
    (
        "preview: discount above 100",
        "A discount is a percentage between 0 and 100",
        lambda t: t.preview_raw(cart=lines((t.sofa, 1, {"discount": 150}))),
    ),
    (
        "preview: discount as text",
        "A discount is a percentage between 0 and 100",
        lambda t: t.preview_raw(cart=lines((t.sofa, 1, {"discount": "10%"}))),
    ),
    (
        "preview: a product that cannot be laid away",
        "cannot be laid away: Gift Card",
        lambda t: t.preview_raw(cart=lines((t.gift_card, 1))),
    ),
    (
        "preview: more than in stock (reserving plan)",
        "Not enough stock",
        lambda t: t.preview_raw(cart=lines((t.sofa, 50))),
    ),
    (
        "preview: a plan the register does not offer",
        "is not offered at the register",
        lambda t: t.preview_raw(plan=t.plan_off.id),
    ),
    ("preview: plan id missing", "The plan 999999999 does not exist", lambda t: t.preview_raw(plan=MISSING)),
    (
        "preview: installments above the plan's maximum",
        "Choose between 1 and 6 installments",
        lambda t: t.preview_raw(count=12),
    ),
    ("preview: installments as text", "must be a whole number", lambda t: t.preview_raw(count="3")),
    ("preview: deposit negative", "The deposit cannot be negative", lambda t: t.preview_raw(deposit=-1.0)),
    ("preview: deposit NaN", "The deposit must be a real amount", lambda t: t.preview_raw(deposit=NAN)),
    (
        "preview: taxes as text",
        "A line's taxes must be a list of tax ids",
        lambda t: t.preview_raw(cart=lines((t.sofa, 1, {"tax_ids": "15%"}))),
    ),
    ("search: query of 101 characters", "has 101 characters; shorten it to 100", lambda t: t.search("a" * 101)),
    ("search: query as a number", "The search must be text", lambda t: t.search(5550100)),
    ("search: page size 500", "The page size must be between 1 and 100", lambda t: t.search("", 0, 500)),
    ("search: offset negative", "The page offset must be between 0 and", lambda t: t.search("", -20)),
    ("search: offset fractional", "The page offset must be a whole number", lambda t: t.search("", 1.5)),
    ("search: customer as text", "The customer must be a record id", lambda t: t.search("", 0, 20, "Layla")),
    ("detail: id as text", "The layaway must be a record id", lambda t: t.so.layaway_pos_detail("S00001", t.config.id)),
    ("detail: deleted layaway", "does not exist", lambda t: t.so.layaway_pos_detail(t.deleted.id, t.config.id)),
    (
        "detail: an ordinary sale order",
        "is not a layaway of",
        lambda t: t.so.layaway_pos_detail(t.plain.id, t.config.id),
    ),
    ("load: an ordinary sale order", "is not a layaway of", lambda t: t.so.layaway_pos_load(t.plain.id, t.config.id)),
    ("load: register id missing", "does not exist", lambda t: t.so.layaway_pos_load(t.active.id, MISSING)),
    (
        "sync: an installment above the balance",
        "is more than the balance",
        lambda t: t.sync_payment(t.active, 200.01, "installment"),
    ),
    (
        "sync: an installment of a draft",
        "cannot take a payment",
        lambda t: t.sync_payment(t.draft, 50.0, "installment"),
    ),
    (
        "sync: a deposit below the minimum",
        "The deposit must be at least",
        lambda t: t.sync(t.start_order([t.ui_line(t.deposit_product, 1.0, 10.0)])),
    ),
    (
        "sync: a start as text",
        "without the goods it lays away",
        lambda t: t.sync(t.start_order([t.ui_line(t.deposit_product, 1.0, 66.0)]) | {"layaway_start": "2 sofas"}),
    ),
    (
        "sync: a start's goods as text",
        "must be a list of lines",
        lambda t: t.sync(t.start_order([t.ui_line(t.deposit_product, 1.0, 66.0)]) | t.start_values(goods="2 sofas")),
    ),
    (
        "sync: a start's plan as text",
        "The plan must be a record id",
        lambda t: t.sync(t.start_order([t.ui_line(t.deposit_product, 1.0, 66.0)]) | t.start_values(plan_id="3 months")),
    ),
    (
        "sync: a start's installments as text",
        "must be a whole number",
        lambda t: t.sync(
            t.start_order([t.ui_line(t.deposit_product, 1.0, 66.0)]) | t.start_values(installment_count="3")
        ),
    ),
    (
        "sync: an installment that is negative",
        "but its lines are not",
        lambda t: t.sync_payment(t.active, -10.0, "installment"),
    ),
    (
        "sync: a layaway line without its kind",
        "take its payments from the Layaways screen",
        lambda t: t.sync_payment(t.active, 10.0, False),
    ),
)

# Refused after writing in the call's own transaction, which the refusal rolls back (as XML-RPC
# and the web client do): a sync records the POS order (and a start its layaway) before its
# layaway step. Every other case, the register's preview included, is refused before anything
# is written.
ROLLED_BACK = {
    "sync: an installment above the balance",
    "sync: an installment of a draft",
    "sync: a deposit below the minimum",
    "sync: an installment that is negative",
    "sync: a layaway line without its kind",
}


@tagged("post_install", "-at_install")
class TestLayawayBadInput(LayawayPosCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.draft = cls.make_layaway_cls()
        cls.active = cls.make_layaway_cls()
        cls.active.action_layaway_start(90.0, journal_id=cls.bank_journal.id)
        cls.done = cls.make_layaway_cls(lines=[(cls.lamp, 1.0)], plan=cls.plan_on_completion)
        cls.done.action_layaway_start(10.0, journal_id=cls.bank_journal.id)
        cls.done.action_layaway_complete(40.0, journal_id=cls.bank_journal.id)
        cls.plain = cls.env["sale.order"].create(
            {"partner_id": cls.partner_a.id, "order_line": [(0, 0, {"product_id": cls.lamp.id})]}
        )
        cls.deleted = cls.make_layaway_cls()
        cls.deleted.unlink()
        partner = cls.env["res.partner"].create({"name": "Gone"})
        cls.deleted_partner_id = partner.id
        partner.unlink()
        journal = cls.bank_journal.copy({"name": "Closed bank", "code": "CLSD"})
        cls.deleted_journal_id = journal.id
        journal.unlink()
        cls.bank_journal_b = cls.setup_other_company(name="Layaway Company B")["default_journal_bank"]

        # A layaway in a currency without decimals (a yen pricelist).
        jpy = cls.setup_other_currency("JPY", rates=[("2000-01-01", 100.0)])
        yen = cls.env["product.pricelist"].create({"name": "Yen", "currency_id": jpy.id, "company_id": cls.company.id})
        cls.draft_jpy = cls.make_layaway_cls()
        cls.draft_jpy.pricelist_id = yen

        # The register, another without layaways, and a plan it does not offer.
        cls.plan_off = cls.plan.copy({"code": "400", "name": "Not here"})
        cls.config_off = cls.config.copy({"name": "No layaways", "layaway_enabled": False})
        cls.config.open_ui()
        cls.session = cls.config.current_session_id

    @classmethod
    def make_layaway_cls(cls, lines=None, plan=None):
        lines = lines or [(cls.sofa, 2.0), (cls.lamp, 1.0)]
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.partner_a.id,
                "company_id": cls.company.id,
                "layaway_plan_id": (plan or cls.plan).id,
                "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
            }
        )

    # ------------------------------------------------------------------
    # Helpers the cases call
    # ------------------------------------------------------------------

    @property
    def so(self):
        return self.env["sale.order"]

    def start(self, *args, **kwargs):
        return self.draft.action_layaway_start(*args, **kwargs)

    def pay(self, *args, **kwargs):
        return self.active.action_layaway_pay(*args, **kwargs)

    def complete(self, *args, **kwargs):
        return self.active.action_layaway_complete(*args, **kwargs)

    def cancel(self, *args, **kwargs):
        return self.active.action_layaway_cancel(*args, **kwargs)

    def extend(self, *args, **kwargs):
        return self.active.action_layaway_extend(*args, **kwargs)

    def search(self, *args):
        return self.so.layaway_pos_search(self.config.id, *args)

    def sync_payment(self, order, amount, kind):
        """The register's sync of a payment line of `amount` for `order`, sent as `kind`."""
        return self.sync(self.ui_order([self.deposit_line(order, amount)], kind=kind))

    def wizard(self, kind, order, **values):
        model = f"layaway.{kind}.wizard"
        form = Form(self.env[model].with_context(active_model="sale.order", active_id=order.id))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def cancel_without_journal(self):
        wizard = self.wizard("cancel", self.active, reason="Moved away", refund_method="payment")
        wizard.journal_id = False
        return wizard.action_cancel()

    def bulk(self, orders, **values):
        return (
            self.env["layaway.bulk.wizard"]
            .with_context(active_model="sale.order", active_ids=orders.ids)
            .create({"action": "extend", **values})
        )

    def preview_raw(self, config=None, partner=None, cart=None, plan=None, count=False, deposit=False):
        """layaway_pos_preview with one argument wrong, the others right."""
        return self.env["sale.order"].layaway_pos_preview(
            self.config.id if config is None else config,
            self.customer.id if partner is None else partner,
            lines((self.sofa, 2.0), (self.lamp, 1.0)) if cart is None else cart,
            self.plan.id if plan is None else plan,
            count,
            deposit,
        )

    def snapshot(self):
        """What a refused call must not have written: flushed, read back from the database."""
        self.env.flush_all()
        self.env.invalidate_all()
        env = self.env(su=True)
        orders = env["sale.order"].search([], order="id")
        quants = env["stock.quant"].search([("product_id", "in", (self.sofa | self.lamp).ids)])
        return {
            "orders": [
                (
                    order.id,
                    order.state,
                    order.layaway_state,
                    order.partner_id.id,
                    order.layaway_plan_id.id,
                    order.layaway_amount_paid,
                    order.layaway_deposit_amount,
                    order.layaway_expiry_date,
                    order.layaway_cancel_reason,
                    order.order_line.mapped(lambda line: (line.product_id.id, line.product_uom_qty, line.price_unit)),
                )
                for order in orders
            ],
            "installments": env["layaway.installment"]
            .search([], order="id")
            .mapped(lambda i: (i.id, i.due_date, i.amount, i.amount_paid, i.state)),
            "payments": env["layaway.payment"].search([]).ids,
            "journal items": env["account.move.line"].search_count([]),
            "pos orders": env["pos.order"].search_count([]),
            "pickings": env["stock.picking"].search_count([]),
            "stock": sorted(quants.mapped(lambda q: (q.product_id.id, q.location_id.id, q.quantity))),
        }

    # ------------------------------------------------------------------
    # The test
    # ------------------------------------------------------------------

    def test_cases_are_many_and_distinct(self):
        self.assertEqual((self.draft_jpy.currency_id.name, self.draft_jpy.currency_id.decimal_places), ("JPY", 0))
        self.assertGreaterEqual(len(CASES), 40)
        self.assertEqual(len({label for label, _fragment, _call in CASES}), len(CASES))
        self.assertLessEqual(ROLLED_BACK, {label for label, _fragment, _call in CASES})

    def check_case(self, fragment, call, rolled_back=False):
        """Call; answer why the case does not hold, or None. The savepoint is rolled back after."""
        with closing(self.env.cr.savepoint()):
            before = self.snapshot()
            call_savepoint = self.env.cr.savepoint()
            # Not assertRaises: Odoo's rolls the call back, and what it wrote must be seen.
            try:
                call(self)
            except UserError as error:  # AccessError, ValidationError, MissingError too
                message = str(error)
            else:
                return "accepted"
            if fragment not in message:
                return f"refused with another message: {message[:300]}"
            if rolled_back:
                call_savepoint.rollback()
                self.env.invalidate_all()
            after = self.snapshot()
            if after != before:
                changed = [key for key in before if before[key] != after[key]]
                return f"refused, but wrote {', '.join(changed)} first"
            return None

    def test_bad_input_is_refused_and_nothing_changes(self):
        mismatches = []
        for label, fragment, call in CASES:
            with self.subTest(label):
                mismatch = self.check_case(fragment, call, rolled_back=label in ROLLED_BACK)
                self.env.invalidate_all()
                if mismatch:
                    mismatches.append(f"{label}: {mismatch}")
        self.assertFalse(mismatches, "\n" + "\n".join(mismatches))
