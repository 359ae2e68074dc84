from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_pos_common import CANCEL_REASON, LayawayPosCommon


class _Refused:
    def __init__(self, test, message):
        self.test, self.message = test, message

    def __enter__(self):
        # Set on entry, used on exit. pylint: disable=attribute-defined-outside-init
        self.raises = self.test.assertRaisesRegex((UserError, AccessError), self.message)
        self.raises.__enter__()
        self.savepoint = self.test.env.cr.savepoint()
        self.savepoint.__enter__()

    def __exit__(self, *exc):
        self.savepoint.__exit__(*exc)
        self.test.env.invalidate_all()
        return self.raises.__exit__(*exc)


# One test per register rule: more than pylint's 20 public methods.
@tagged("post_install", "-at_install")
class TestPosLayawaySync(LayawayPosCommon):  # pylint: disable=too-many-public-methods
    """The server side of the register: the preview, then the sync starts, pays, completes, cancels."""

    def assertRefused(self, message):
        """The refusal rolls back everything the call wrote (as the RPC's transaction would)."""
        return _Refused(self, message)

    def setUp(self):
        super().setUp()
        self.open_session()

    # ------------------------------------------------------------------
    # Preview (the "Layaway" button's start dialog)
    # ------------------------------------------------------------------

    def layaway_rows(self):
        """How many rows the tables a layaway writes hold."""
        counts = {}
        for table in (
            "sale_order",
            "sale_order_line",
            "layaway_installment",
            "layaway_payment",
            "account_move",
            "stock_move",
            "mail_message",
        ):
            self.env.cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
            counts[table] = self.env.cr.fetchone()[0]
        return counts

    def test_preview_shows_the_minimum_deposit_schedule_and_writes_nothing(self):
        today = self.company._layaway_today()
        self.env.flush_all()
        before = self.layaway_rows()
        statements = []
        execute = type(self.env.cr).execute

        def record(cr, query, params=None, log_exceptions=True):
            statements.append(str(query.code if hasattr(query, "code") else query).lstrip().split()[0].upper())
            return execute(cr, query, params, log_exceptions)

        with patch.object(type(self.env.cr), "execute", record):
            preview = self.preview()
            self.env.flush_all()
        # No INSERT, UPDATE or DELETE: the layaway is built in memory, never written.
        self.assertEqual(set(statements) - {"SELECT", "WITH"}, set())
        self.assertEqual(self.layaway_rows(), before)
        first = today + timedelta(days=30)
        self.assertEqual(
            {k: preview[k] for k in ("total", "service_fee", "min_deposit", "deposit", "installment_count")},
            {"total": 290.0, "service_fee": 10.0, "min_deposit": 66.0, "deposit": 66.0, "installment_count": 3},
        )
        self.assertEqual(preview["expiry_date"], fields.Date.to_string(today + timedelta(days=200)))
        self.assertEqual([i["amount"] for i in preview["installments"]], [74.67, 74.67, 74.66])
        self.assertEqual(preview["installments"][0]["due_date"], fields.Date.to_string(first))
        self.assertEqual(preview["deposit_parts"], [{"price_unit": 66.0, "tax_ids": [], "extra_tax_data": False}])

        # Another count and plan; the deposit the cashier types reschedules what is shown, one
        # below the minimum shows the minimum's.
        preview = self.preview(plan=self.plan_weekly, installment_count=2)
        self.assertEqual((preview["plan_id"], preview["installment_count"]), (self.plan_weekly.id, 2))
        self.assertEqual([i["amount"] for i in preview["installments"]], [112.0, 112.0])  # (280 - 56) / 2
        self.assertEqual((preview["min_deposit"], preview["deposit"]), (56.0, 56.0))
        preview = self.preview(plan=self.plan_weekly, installment_count=2, deposit=110.0)
        self.assertEqual((preview["min_deposit"], preview["deposit"]), (56.0, 110.0))
        self.assertEqual([i["amount"] for i in preview["installments"]], [85.0, 85.0])  # (280 - 110) / 2
        preview = self.preview(plan=self.plan_weekly, installment_count=2, deposit=20.0)
        self.assertEqual(preview["deposit"], 56.0)
        self.assertEqual([i["amount"] for i in preview["installments"]], [112.0, 112.0])
        self.assertEqual(self.layaway_rows(), before)

    def test_preview_is_what_the_sync_starts(self):
        preview = self.preview(plan=self.plan_weekly, installment_count=2, deposit=100.0)
        order, pos_order = self.start_at_register(100.0, plan=self.plan_weekly, installment_count=2)
        self.assertEqual(
            (order.layaway_amount_total, order.layaway_min_deposit, order.layaway_deposit_amount),
            (preview["total"], preview["min_deposit"], preview["deposit"]),
        )
        self.assertEqual(
            [
                {"sequence": i.sequence, "due_date": fields.Date.to_string(i.due_date), "amount": i.amount}
                for i in order.layaway_installment_ids.sorted("sequence")
            ],
            preview["installments"],
        )
        self.assertEqual(fields.Date.to_string(order.layaway_expiry_date), preview["expiry_date"])
        # The layaway the register's order carried: its customer, plan, goods, team and pricelist.
        self.assertEqual((order.layaway_state, order.state, order.partner_id), ("active", "sale", self.customer))
        self.assertEqual((order.layaway_plan_id, order.layaway_pos_config_id), (self.plan_weekly, self.config))
        self.assertEqual((order.team_id, order.pricelist_id), (self.config.crm_team_id, self.config.pricelist_id))
        self.assertEqual(
            [(line.product_id, line.product_uom_qty) for line in order._layaway_goods_lines()],
            [(self.sofa, 2.0), (self.lamp, 1.0)],
        )
        self.assertEqual(pos_order.layaway_kind, "deposit")
        self.assertEqual(
            pos_order.layaway_start, self.start_values(plan=self.plan_weekly, installment_count=2)["layaway_start"]
        )

    def test_preview_refusals(self):
        cart = self.cart()
        with self.assertRefused("Choose the customer first"):
            self.env["sale.order"].layaway_pos_preview(self.config.id, False, cart, self.plan.id)
        with self.assertRefused("cannot be laid away: Gift Card"):
            self.preview(lines=[(self.sofa, 1.0), (self.gift_card, 1.0)])
        other_plan = self.plan.copy({"code": "999", "name": "Elsewhere"})
        with self.assertRefused("not offered at the register"):
            self.preview(plan=other_plan)
        with self.assertRefused("Choose between 1 and 6 installments"):
            self.preview(installment_count=7)
        with self.assertRefused("Not enough stock"):
            self.preview(lines=[(self.sofa, 11.0)])
        cart[0]["tax_ids"] = []  # the sofa carries 15 %
        with self.assertRefused("The register applies other taxes to .*Sofa"):
            self.env["sale.order"].layaway_pos_preview(self.config.id, self.customer.id, cart, self.plan.id)
        self.config.layaway_enabled = False
        with self.assertRefused("not enabled"):
            self.preview()

    # ------------------------------------------------------------------
    # Start
    # ------------------------------------------------------------------

    def test_start_with_minimum_deposit(self):
        order, pos_order = self.start_at_register(66.0)
        self.assertEqual(order.layaway_state, "active")
        self.assertEqual((order.layaway_amount_paid, order.layaway_amount_residual), (66.0, 224.0))
        self.assertEqual([i.amount for i in order.layaway_installment_ids.sorted("sequence")], [74.67, 74.67, 74.66])
        payment = order.layaway_payment_ids
        self.assertRecordValues(
            payment,
            [
                {
                    "amount": 66.0,
                    "kind": "deposit",
                    "channel": "pos",
                    "pos_order_id": pos_order.id,
                    "pos_session_id": self.session.id,
                }
            ],
        )
        # pos_sale's down-payment line on the order, linked to the POS line.
        dp_line = order.order_line.filtered(lambda line: line.is_downpayment and not line.display_type)
        self.assertEqual(payment.sale_line_id, dp_line)
        self.assertEqual(dp_line.pos_order_line_ids, pos_order.lines)
        self.assertEqual(dp_line.price_unit, 66.0)
        # Reserve policy: the goods are set aside.
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 2.0)
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 8.0)
        self.assertEqual(pos_order.amount_total, 66.0)

    def test_start_with_more_than_minimum_reschedules(self):
        order, _pos_order = self.start_at_register(110.0, installment_count=2)
        self.assertEqual(order.layaway_deposit_amount, 110.0)
        self.assertEqual([i.amount for i in order.layaway_installment_ids.sorted("sequence")], [90.0, 90.0])
        self.assertEqual(order.layaway_amount_residual, 180.0)

    def assert_start_refused_writes_nothing(self, ui_order, message):
        """Syncing the start `ui_order` is refused with `message`: no layaway, no POS order."""
        self.env.flush_all()
        before = self.layaway_rows()
        with self.assertRefused(message):
            self.sync(ui_order)
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", ui_order["uuid"])]))
        self.assertEqual(self.layaway_rows(), before)

    def test_start_below_minimum_fails_the_sync_and_writes_nothing(self):
        ui_order = self.start_order([self.ui_line(self.deposit_product, 1.0, 50.0)])
        self.assert_start_refused_writes_nothing(ui_order, r"deposit must be at least \$\s66\.00")

    def test_start_is_checked_again_by_the_sync(self):
        """What the register proposes is checked again: the sync refuses what the preview would."""
        other_plan = self.plan.copy({"code": "999", "name": "Elsewhere"})
        start = self.start_values
        refused = {
            "not offered at the register": self.start_order(66.0) | start(plan_id=other_plan.id),
            "Choose between 1 and 6 installments": self.start_order(66.0) | start(installment_count=7),
            "cannot be laid away: Gift Card": self.start_order(66.0)
            | start(goods=self.cart([(self.sofa, 1.0), (self.gift_card, 1.0)])),
            "Not enough stock": self.start_order(66.0) | start(goods=self.cart([(self.sofa, 11.0)])),
            "Choose the customer first": self.start_order(66.0) | {"partner_id": False},
            "without the goods it lays away": self.start_order(66.0) | start(goods=[]),
        }
        # A start's money naming another layaway.
        other, _ = self.start_at_register(66.0)
        refused["cannot name another sale order"] = self.start_order([self.deposit_line(other, 66.0)])
        for message, ui_order in refused.items():
            with self.subTest(message):
                self.assert_start_refused_writes_nothing(ui_order, message)

    def test_retried_sync_records_once(self):
        ui_order = self.start_order(66.0)
        first = self.sync(dict(ui_order, lines=[(0, 0, dict(line[2])) for line in ui_order["lines"]]))
        second = self.sync(dict(ui_order, lines=[(0, 0, dict(line[2])) for line in ui_order["lines"]]))
        self.assertEqual(first, second)
        order = self.started(first)
        self.assertEqual(self.env["sale.order"].search_count([("layaway_pos_config_id", "=", self.config.id)]), 1)
        self.assertEqual(len(order.layaway_payment_ids), 1)
        self.assertEqual(order.layaway_amount_paid, 66.0)

    def test_draft_sync_of_a_start_creates_nothing_until_paid(self):
        """The register may sync an order before it is paid: the layaway starts with the payment."""
        ui_order = self.start_order(66.0, state="draft")
        draft = self.sync(dict(ui_order, lines=[(0, 0, dict(line[2])) for line in ui_order["lines"]]))
        self.assertEqual(draft.state, "draft")
        self.assertFalse(self.started(draft))
        self.assertFalse(self.env["sale.order"].search([("layaway_pos_config_id", "=", self.config.id)]))
        # Paid later: its lines and payments were synced with the draft (not sent again).
        paid = self.sync(dict(ui_order, state="paid", lines=[], payment_ids=[], access_token=draft.access_token))
        self.assertEqual(paid, draft)
        order = self.started(paid)
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), ("active", 66.0))

    # ------------------------------------------------------------------
    # Pay, complete, cancel
    # ------------------------------------------------------------------

    def test_pay_installment_and_refuse_overpayment(self):
        order, _ = self.start_at_register(66.0)
        pos_order = self.pay_at_register(order, 100.0)
        self.assertEqual(order.layaway_amount_residual, 124.0)
        self.assertEqual(
            [(i.amount_paid, i.state) for i in order.layaway_installment_ids.sorted("sequence")],
            [(74.67, "paid"), (25.33, "partial"), (0.0, "pending")],
        )
        self.assertRecordValues(
            order.layaway_payment_ids.filtered(lambda p: p.pos_order_id == pos_order),
            [{"amount": 100.0, "kind": "installment"}],
        )
        with self.assertRefused("more than the balance"):
            self.pay_at_register(order, 124.01)
        self.assertEqual(order.layaway_amount_residual, 124.0)

    def test_complete_with_final_payment_delivers_from_layaway_stock(self):
        order, _ = self.start_at_register(66.0)
        self.pay_at_register(order, 100.0)
        pos_order = self.sync(self.ui_order(self.pickup_lines(order), kind="pickup"))
        self.assertEqual(pos_order.amount_total, 124.0)  # goods and fee 290, minus 166 paid
        self.assertEqual(
            (order.layaway_state, order.layaway_amount_paid, order.layaway_amount_residual), ("done", 290.0, 0.0)
        )
        self.assertTrue(order.locked)
        self.assertEqual(order.layaway_payment_ids.filtered(lambda p: p.pos_order_id == pos_order).amount, 124.0)
        self.assertTrue(all(i.state == "paid" for i in order.layaway_installment_ids))
        # The goods left the layaway location; the POS picking delivered them.
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 0.0)
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 8.0)
        self.assertEqual(self.qty_at(self.lamp, self.stock_location), 9.0)
        self.assertEqual(pos_order.picking_ids.state, "done")
        self.assertFalse(order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")))
        # A retried sync records nothing more.
        self.sync(self.ui_order(self.pickup_lines(order), kind="pickup", uuid=pos_order.uuid))
        self.assertEqual(order.layaway_amount_paid, 290.0)

    def test_complete_on_completion_plan_with_nothing_left_to_pay(self):
        order, _ = self.start_at_register(56.0, plan=self.plan_on_completion)  # 20 % of 280, no fee
        self.pay_at_register(order, 224.0)
        self.assertEqual(order.layaway_state, "paid")
        pos_order = self.sync(self.ui_order(self.pickup_lines(order), kind="pickup"))
        self.assertEqual(pos_order.amount_total, 0.0)
        self.assertEqual(order.layaway_state, "done")
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 8.0)

    def test_pickup_must_settle_and_hand_everything_over(self):
        order, _ = self.start_at_register(66.0)
        lines = self.pickup_lines(order)
        lines[0][2].update(qty=1.0, price_subtotal=100.0, price_subtotal_incl=115.0)
        with self.assertRefused("must hand over all of it"):
            self.sync(self.ui_order(lines, kind="pickup"))
        self.assertEqual(order.layaway_state, "active")
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 2.0)

    def test_layaways_screen_names_the_customer_and_the_goods(self):
        company = self.env["res.partner"].create({"name": "YourCompany", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Joel Willis", "parent_id": company.id})
        self.assertEqual(contact.display_name, "YourCompany, Joel Willis")
        joel = self.make_layaway(partner=contact)
        joel.action_layaway_start(66.0, journal_id=self.bank_journal.id)
        layla, _ = self.start_at_register(66.0)
        so = self.env["sale.order"]
        # Every open layaway of the register's company, or one customer's.
        found = so.layaway_pos_search(self.config.id)["orders"]
        self.assertEqual(
            {(o["name"], o["partner_name"]) for o in found}, {(joel.name, "Joel Willis"), (layla.name, "Layla Away")}
        )
        found = so.layaway_pos_search(self.config.id, "", 0, 20, contact.id)["orders"]
        self.assertEqual([(o["id"], o["partner_name"]) for o in found], [(joel.id, "Joel Willis")])
        detail = so.layaway_pos_detail(joel.id, self.config.id)
        # As the register's customer list shows a customer.
        self.assertEqual(detail["partner_name"], "Joel Willis")
        # Change items names the lines and products it changes.
        goods = joel.sudo()._layaway_goods_lines()
        self.assertEqual(
            [(g.pop("line_id"), g.pop("product_id")) for g in detail["goods"]],
            [(line.id, line.product_id.id) for line in goods],
        )
        self.assertEqual(
            detail["goods"],
            [
                {
                    "product_name": "Sofa",
                    "qty": 2.0,
                    "uom": "Units",
                    "qty_left": 2.0,
                    "price_total": 230.0,
                    "qty_taken": 0.0,
                },
                {
                    "product_name": "Lamp",
                    "qty": 1.0,
                    "uom": "Units",
                    "qty_left": 1.0,
                    "price_total": 50.0,
                    "qty_taken": 0.0,
                },
            ],
        )
        self.assertEqual((detail["layaway_state"], detail["layaway_state_label"]), ("active", "Active"))
        self.assertEqual([(i["state"], i["state_label"]) for i in detail["installments"]], [("pending", "Pending")] * 3)
        self.assertEqual(
            [(p["kind"], p["kind_label"], p["amount"]) for p in detail["payments"]], [("deposit", "Deposit", 66.0)]
        )

    def test_cancel_keeps_fee_and_pays_refund_out(self):
        order, _ = self.start_at_register(66.0)
        detail = self.env["sale.order"].layaway_pos_detail(order.id)
        self.assertEqual((detail["cancel_fee"], detail["refund_amount"]), (29.0, 37.0))  # 10 % of 290
        pos_order = self.sync(self.ui_order(self.cancel_lines(order, 29.0), kind="refund"))
        self.assertEqual(pos_order.amount_total, -37.0)
        self.assertEqual(
            (order.layaway_state, order.state, order.layaway_cancel_fee, order.layaway_refund_amount),
            ("cancelled", "cancel", 29.0, 37.0),
        )
        self.assertFalse(order.layaway_refund_move_id)
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 0.0)
        self.assertEqual(self.qty_at(self.sofa, self.stock_location), 10.0)
        # The manager's reason, kept as the back office keeps it: on the layaway and in its chatter.
        self.assertEqual(pos_order.layaway_cancel_reason, CANCEL_REASON)
        self.assertEqual(order.layaway_cancel_reason, CANCEL_REASON)
        self.assertEqual(
            order.message_ids.filtered(lambda m: m.preview.startswith("Layaway cancelled")).mapped("preview"),
            [
                f"Layaway cancelled: {CANCEL_REASON}. Paid $ 66.00, fee kept $ 29.00, refunded $ 37.00 "
                f"(paid back at the register {self.config.name}, {pos_order.name})."
            ],
        )

    def test_cancel_without_reason_is_refused_and_writes_nothing(self):
        order, _ = self.start_at_register(66.0)
        pos_orders = self.env["pos.order"].search_count([])
        messages = order.message_ids
        for reason in (False, "", "  \n "):
            with self.assertRefused(f"Give a reason to cancel layaway {order.name}: .* was sent without one"):
                self.sync(self.ui_order(self.cancel_lines(order, 29.0), kind="refund", cancel_reason=reason))
            self.assertEqual(self.env["pos.order"].search_count([]), pos_orders)
            self.assertRecordValues(
                order,
                [
                    {
                        "layaway_state": "active",
                        "state": "sale",
                        "layaway_amount_paid": 66.0,
                        "layaway_cancel_reason": False,
                        "layaway_cancel_fee": 0.0,
                        "layaway_refund_amount": 0.0,
                    }
                ],
            )
            self.assertEqual(order.message_ids, messages)
            self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 2.0)

    def test_cancel_refused_to_cashier_and_for_a_wrong_fee(self):
        order, _ = self.start_at_register(66.0)
        with self.assertRefused("returns .*66.00 and keeps a fee of .*29.00"):
            self.sync(self.ui_order(self.cancel_lines(order, 10.0), kind="refund"))
        # The rest of the test runs as the cashier. pylint: disable-next=access-member-before-definition
        cashier_env = self.env(user=self.pos_user)
        # pylint: disable-next=attribute-defined-outside-init
        self.env = cashier_env
        with self.assertRefused("Layaway: Manager"):
            self.env["pos.order"].sync_from_ui([self.ui_order(self.cancel_lines(order, 29.0), kind="refund")])
        self.assertEqual(order.layaway_state, "active")

    def test_pos_sale_down_payment_on_a_layaway_is_refused(self):
        order, _ = self.start_at_register(66.0)
        product = self.env.ref("pos_sale.default_downpayment_product")
        self.config.down_payment_product_id = product
        with self.assertRefused("is a layaway: take its payments from the Layaways screen"):
            self.sync(self.ui_order([self.ui_line(product, 1.0, 20.0, sale_order_origin_id=order.id)]))
        self.assertEqual(order.layaway_amount_paid, 66.0)

    def assert_sync_refused_writes_nothing(self, order, ui_order, message):
        """Syncing `ui_order` is refused with `message` and the layaway, its money and stock are unchanged."""
        state, paid, payments = order.layaway_state, order.layaway_amount_paid, order.layaway_payment_ids
        installments = self.installments(order)
        stock = (self.qty_at(self.sofa, self.stock_location), self.qty_at(self.sofa, self.layaway_location))
        with self.assertRefused(message):
            self.sync(ui_order)
        order.invalidate_recordset()
        self.assertFalse(self.env["pos.order"].search([("uuid", "=", ui_order["uuid"])]))
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), (state, paid))
        self.assertEqual(order.layaway_payment_ids, payments)
        self.assertEqual(self.installments(order), installments)
        self.assertEqual(
            (self.qty_at(self.sofa, self.stock_location), self.qty_at(self.sofa, self.layaway_location)), stock
        )

    def test_order_whose_kind_disagrees_with_its_lines_is_refused_and_writes_nothing(self):
        order, _ = self.start_at_register(66.0)
        self.assertEqual(order.layaway_payment_ids.pos_order_id.layaway_kind, "deposit")
        disagreeing = {
            # An installment's lines sent as a pick-up, a cancellation and a deposit's start.
            "pickup": [self.deposit_line(order, 20.0)],
            "refund": [self.deposit_line(order, 20.0)],
            # A cancellation's lines (money going back) sent as an installment.
            "installment": self.cancel_lines(order, 29.0),
        }
        for kind, lines in disagreeing.items():
            with self.subTest(kind=kind):
                self.assert_sync_refused_writes_nothing(order, self.ui_order(lines, kind=kind), "its lines are not")
        # The goods leaving, sent as a deposit: a deposit starts a layaway, it names none.
        self.assert_sync_refused_writes_nothing(
            order, self.ui_order(self.pickup_lines(order), kind="deposit"), "cannot name another sale order"
        )
        # Layaway lines sent without a kind: the register must say what it does.
        self.assert_sync_refused_writes_nothing(
            order, self.ui_order([self.deposit_line(order, 20.0)]), "take its payments from the Layaways screen"
        )
        # A kind on an order without layaway lines.
        self.assert_sync_refused_writes_nothing(
            order, self.ui_order([self.ui_line(self.lamp, 1.0)], kind="installment"), "carries no layaway line"
        )
        # The same installment with its kind goes through.
        pos_order = self.pay_at_register(order, 20.0)
        self.assertEqual(pos_order.layaway_kind, "installment")
        self.assertEqual(order.layaway_amount_paid, 86.0)

    def test_customer_account_is_not_layaway_money(self):
        """Odoo's Customer Account (pay later) is credit given, not money received."""
        pay_later = self.env["pos.payment.method"].create({"name": "Customer Account", "split_transactions": True})
        self.assertEqual(pay_later.type, "pay_later")
        self.close_session()
        self.config.payment_method_ids |= pay_later
        self.open_session()
        message = "pays a layaway with Customer Account: that is credit given to the customer, not money received"
        self.assert_start_refused_writes_nothing(self.start_order(66.0, payments=[(pay_later, 66.0)]), message)
        order, _ = self.start_at_register(66.0)
        # Part cash, part credit: refused too.
        installment = self.ui_order(
            [self.deposit_line(order, 50.0)], payments=[(self.cash_method, 20.0), (pay_later, 30.0)], kind="installment"
        )
        self.assert_sync_refused_writes_nothing(order, installment, message)
        pickup = self.ui_order(self.pickup_lines(order), payments=[(pay_later, 224.0)], kind="pickup")
        self.assert_sync_refused_writes_nothing(order, pickup, message)
        self.assertEqual(self.qty_at(self.sofa, self.layaway_location), 2.0)

    def test_ticket_screen_refund_of_a_layaway_payment_is_refused(self):
        order, deposit_order = self.start_at_register(66.0)
        installment_order = self.pay_at_register(order, 100.0)
        for paid_order in (deposit_order, installment_order):
            line = paid_order.lines
            amount = line.price_subtotal_incl
            for extra in ({}, {"sale_order_origin_id": order.id}):
                with self.subTest(order=paid_order.layaway_kind, origin=bool(extra)):
                    refund = self.ui_order(
                        [self.ui_line(self.deposit_product, -1.0, amount, refunded_orderline_id=line.id, **extra)]
                    )
                    self.assert_sync_refused_writes_nothing(
                        order, refund, "refunds a layaway operation .*cancel the layaway from the Layaways screen"
                    )
        self.assertEqual((order.layaway_state, order.layaway_amount_paid), ("active", 166.0))
        # An ordinary sale's refund still goes through.
        sale = self.sync(self.ui_order([self.ui_line(self.lamp, 1.0)], partner=self.customer))
        refund = self.ui_order([self.ui_line(self.lamp, -1.0, refunded_orderline_id=sale.lines.id)])
        self.sync(refund)
        self.assertEqual(self.env["pos.order"].search([("uuid", "=", refund["uuid"])]).amount_total, -50.0)

    def test_invoiced_register_orders_name_their_layaway_lines(self):
        def invoiced(lines, kind, ui_order=None):
            ui_order = ui_order or self.ui_order(lines, kind=kind)
            ui_order["to_invoice"] = True
            pos_order = self.sync(ui_order).filtered(lambda o: o.uuid == ui_order["uuid"])
            self.assertEqual(pos_order.invoice_status, "invoiced")
            return pos_order.account_move.invoice_line_ids.mapped(lambda line: (line.name, line.price_total))

        start = self.start_order(66.0)
        start_lines = invoiced(None, "deposit", start)
        order = self.started(self.env["pos.order"].search([("uuid", "=", start["uuid"])]))
        self.assertEqual(start_lines, [(f"Layaway deposit {order.name}", 66.0)])
        self.assertEqual(
            invoiced([self.deposit_line(order, 100.0)], "installment"), [(f"Layaway installment {order.name}", 100.0)]
        )
        pickup = invoiced(self.pickup_lines(order), "pickup")
        self.assertIn((f"Layaway payments applied {order.name}", -166.0), pickup)
        self.assertTrue(all(name for name, _total in pickup))
        # The pick-up applied the down payments: nothing is left to invoice on the sale order.
        self.assertEqual(order.layaway_state, "done")
        self.assertEqual(order.order_line.mapped("qty_to_invoice"), [0.0] * len(order.order_line))
        self.assertNotEqual(order.invoice_status, "to invoice")
        other, _ = self.start_at_register(66.0)
        self.assertEqual(
            invoiced(self.cancel_lines(other, 29.0), "refund"),
            # A credit note: what it returns is positive, the fee kept negative.
            [(f"Layaway payments returned {other.name}", 66.0), (f"Layaway cancellation fee {other.name}", -29.0)],
        )
        self.assertEqual(other.order_line.mapped("qty_to_invoice"), [0.0] * len(other.order_line))

    # ------------------------------------------------------------------
    # Session closing
    # ------------------------------------------------------------------

    def test_session_closing_counts_layaways_and_credits_customer_deposits(self):
        order, _ = self.start_at_register(66.0)
        self.pay_at_register(order, 100.0)
        self.sync(self.ui_order(self.pickup_lines(order), kind="pickup"))
        other, _ = self.start_at_register(56.0, plan=self.plan_on_completion)
        self.sync(self.ui_order(self.cancel_lines(other, 28.0), kind="refund"))  # 10 % of 280
        details = self.session.get_closing_control_data()["layaway_details"]
        self.assertEqual(
            details,
            {
                "started": {"count": 2, "amount": 122.0},
                "payments": {"count": 2, "amount": 224.0},
                "completed": {"count": 1, "amount": 290.0},
                "cancelled": {"count": 1, "amount": 28.0},
            },
        )
        move_lines = self.close_session()
        self.assertEqual(self.session.state, "closed")
        deposits = move_lines.filtered(lambda line: line.account_id == self.deposit_account)
        # Received 66 + 100 + 56 (credit), applied 166 at the pick-up and 56 returned (debit).
        self.assertEqual(sorted(deposits.mapped("balance")), [-222.0, 222.0])
        self.assertEqual(self.balance_of(move_lines, self.forfeit_account), -28.0)
        # Revenue at the pick-up: the goods without tax (200 + 50) and the service fee (10); tax 30.
        revenue = move_lines.filtered(lambda line: line.account_id == self.revenue_account)
        self.assertEqual(sum(revenue.mapped("balance")), -260.0)
        tax = move_lines.filtered(lambda line: line.tax_line_id == self.tax_15)
        self.assertEqual(sum(tax.mapped("balance")), -30.0)

    def test_reconciliation_credits_each_layaway_with_its_register_money(self):
        """The session's one Customer Deposits item is explained, layaway by layaway."""
        paid, _ = self.start_at_register(66.0)
        self.pay_at_register(paid, 100.0)
        done, _ = self.start_at_register(66.0)
        self.sync(self.ui_order(self.pickup_lines(done), kind="pickup"))
        other, _ = self.start_at_register(56.0, plan=self.plan_on_completion)
        self.close_session()
        self.assertEqual(self.session.state, "closed")
        wizard = self.env["layaway.liability.wizard"].create({"company_id": self.company.id})

        def reconcile():
            """(balance, expected, difference), the layaways' rows and the unexplained items."""
            action = wizard.action_open_report()
            self.env.invalidate_all()
            rows = self.env[action["res_model"]].with_context(**action["context"]).search([])
            totals = tuple(sum(rows.mapped(column)) for column in ("booked", "expected", "difference"))
            layaways = rows.filtered(lambda row: row.line_type == "layaway")
            lines = {row.order_id: (row.expected, row.booked, row.difference) for row in layaways}
            return totals, lines, (rows - layaways).move_line_id

        totals, lines, unexplained = reconcile()
        self.assertEqual(totals, (222.0, 222.0, 0.0))
        self.assertEqual(lines, {paid: (166.0, 166.0, 0.0), other: (56.0, 56.0, 0.0)})
        self.assertFalse(unexplained)
        # Next session: a stray sale of the deposit product, for no layaway, shares the session's item.
        first_session = self.session
        self.open_session()
        self.assertNotEqual(self.session, first_session)
        self.pay_at_register(paid, 10.0)
        self.sync(self.ui_order([self.ui_line(self.deposit_product, 1.0, 5.0)], partner=self.customer))
        self.close_session()
        totals, lines, unexplained = reconcile()
        self.assertEqual(totals, (237.0, 232.0, 5.0))
        stray_entry_items = self.session.move_id.line_ids.filtered(lambda line: line.account_id == self.deposit_account)
        self.assertEqual(unexplained, stray_entry_items)
        # The first session still explains its layaways; the 10 of the second one is not credited.
        self.assertEqual(lines, {paid: (176.0, 166.0, -10.0), other: (56.0, 56.0, 0.0)})
