"""Who may do what, over real XML-RPC.

One row per role, one column per model right and per public or register method; every cell
is asserted: allowed (and what it did) or refused (the fault, a fragment of its message, and
nothing changed). ``MATRIX`` is the table README.md shows under "Access"; ``CROSS_COMPANY``
the findings of issue 10 (a cashier of company A reaching company B).

What is right for a store (DESIGN.md "Who may take money", "Security groups"): cashiers take
money at the register only; salespeople prepare layaways and take no money; "Layaway: Take
Payments" (Billing, layaway managers) takes it in the back office; managers edit plans,
cancel and extend; nobody writes a layaway's money or state except through the API; a
customer reads their own layaway; nobody reaches another company's records.
"""

# The case helpers below are named by what they call; the tables say why each exists.
# pylint: disable=missing-function-docstring,missing-class-docstring,attribute-defined-outside-init,duplicate-code

import xmlrpc.client
from contextlib import closing
from datetime import timedelta
from typing import NamedTuple

from odoo import fields
from odoo.tests import new_test_user, tagged

from .test_pos_common import LayawayPosCommon

# The roles, as an administrator sets them up: the groups given (company A unless said).
ROLES = {
    "cashier": "base.group_user,point_of_sale.group_pos_user",
    # as Odoo's own POS tests set their cashier up (pos_sale's sync reads sale orders as the user)
    "cashier + Inventory": "base.group_user,point_of_sale.group_pos_user,stock.group_stock_user",
    "POS manager": "base.group_user,point_of_sale.group_pos_manager",
    "salesperson": "base.group_user,sales_team.group_sale_salesman",
    "sales manager": "base.group_user,sales_team.group_sale_manager",
    "Take Payments user": "base.group_user,sales_team.group_sale_salesman,layaway_pos.group_layaway_payment",
    "accountant": "base.group_user,account.group_account_invoice,account.group_account_user",
    "portal user": "base.group_portal",
    "public": "base.group_public",  # Odoo's own public user: archived, no password
    # company B only
    "user of company B": "base.group_user,point_of_sale.group_pos_user,sales_team.group_sale_salesman",
}

# The columns: a model right on company A's records, a public method, a register method.
COLUMNS = (
    # layaway.plan
    "plan r",
    "plan w",
    "plan c",
    "plan u",
    # layaway.plan.line
    "line r",
    "line w",
    "line c",
    "line u",
    # layaway.installment
    "inst r",
    "inst w",
    "inst c",
    "inst u",
    # layaway.payment
    "paym r",
    "paym w",
    "paym c",
    "paym u",
    # sale.order, a layaway
    "order r",
    "order w",
    "order c",
    "order u",
    "write paid",  # layaway_amount_paid, straight
    "write state",  # layaway_state, straight
    # the public API
    "start",
    "pay",
    "complete",
    "cancel",
    "extend",
    "pay 'abc'",
    # the register
    "preview",
    "search",
    "load",
    "detail",
    "sync start",  # pos.order.sync_from_ui of a deposit that starts a layaway
    "sync",
)

# What each cell says: Y allowed (its effect checked); the others are refusals, each with the
# fault code XML-RPC answers (4 AccessError, 2 UserError, 3 AccessDenied) and a fragment of
# its message.
LEGEND = {
    "Y": ("allowed", None, None),
    "A": ("refused by the model's access rights", 4, "You are not allowed to"),
    "R": ("refused by a record rule (company, own documents)", 4, "top-secret records"),
    "K": ("refused: not one of the user's companies", 4, "Access to unauthorized or invalid companies"),
    "F": ("refused: only the layaway API writes this", 4, "change only through its actions"),
    "T": ("refused: needs 'Layaway: Take Payments'", 4, "taking their money needs the group"),
    "M": ("refused: needs 'Layaway: Manager'", 4, "Only users in the group 'Layaway: Manager'"),
    "U": ("refused: needs 'Layaway: User'", 4, "Only users in the group 'Layaway: User'"),
    "P": ("refused: needs a Point of Sale group", 4, "Only Point of Sale users can handle layaways"),
    "N": ("refused: not a number", 2, "The payment must be a number"),
    "C": ("refused: not a layaway of the register's company", 4, "is not a layaway of"),
    "-": ("no login (XML-RPC refuses the credentials)", 3, None),
}

# One code a column, in COLUMNS' order; spaces group them as COLUMNS does.
# fmt: off
MATRIX = {
    #                      plan line inst paym order wp ws  start pay comp canc ext abc  prev srch load det strt sync
    "cashier":             "YAAA YAAA YAAA YAAA AAAA  FF   T T T M M T  Y Y Y Y Y Y",
    "cashier + Inventory": "YAAA YAAA YAAA YAAA YYAA  FF   T T T M M T  Y Y Y Y Y Y",
    "POS manager":         "YYYY YYYY YYYY YAAA YYAA  FF   Y Y Y Y Y N  Y Y Y Y Y Y",
    "salesperson":         "YAAA YAAA YAAA YAAA YYYA  FF   T T T M M T  P P P P A A",
    "sales manager":       "YYYY YYYY YYYY YAAA YYYY  FF   Y Y Y Y Y N  P P P P A A",
    "Take Payments user":  "YAAA YAAA YAAA YAAA YYYA  FF   Y Y Y M M N  P P P P A A",
    "accountant":          "YAAA YAAA YAAA YAAA YYAA  FF   Y Y Y M M N  P P P P A A",
    "portal user":         "AAAA AAAA AAAA AAAA YAAA  FF   T T T M M T  U U U U A A",
    "public":              "---- ---- ---- ---- ----  --   - - - - - -  - - - - - -",
    "user of company B":   "RAAA RAAA RAAA RAAA RRKA  FF   T T T M M T  R R R R R R",
}
# fmt: on


def matrix_codes(role):
    return [code for group in MATRIX[role].split() for code in group]


# Issue 10's findings, as cells: a cashier of company A (the first role; the sync needs the
# second) reaching company B's register "Shop B", its session, plan, customers and layaways.
# What must hold: refused, and nothing changed; or allowed and harmless (what it did is checked).
CROSS_COMPANY = (
    ("preview at Shop B", "cashier", "R"),
    ("preview at register A for a customer of company B", "cashier", "R"),
    ("search at Shop B", "cashier", "R"),
    ("search at register A for B's layaway by its reference: finds nothing", "cashier", "Y"),
    ("load B's layaway at register A", "cashier", "C"),
    ("load B's layaway at Shop B", "cashier", "R"),
    ("detail of B's layaway", "cashier", "C"),
    ("detail of B's layaway at register A", "cashier", "C"),
    ("sync at register A a payment of B's layaway", "cashier + Inventory", "R"),
    ("sync at register A a payment of B's layaway, without sales or stock rights", "cashier", "C"),
    ("sync at register A a start on B's plan", "cashier", "R"),
    ("sync at register A a start for a customer of company B", "cashier", "R"),
    ("sync at Shop B's session a start", "cashier", "R"),
)


class Outcome(NamedTuple):
    fault: int  # 0: answered
    value: object
    message: str


@tagged("post_install", "-at_install")
class TestLayawayAccess(LayawayPosCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Company B: its own chart, stock, plan, register and session, a customer and an active layaway.
        cls.setup_company_b()
        cls.config_b = (
            cls.env["pos.config"]
            .with_company(cls.company_b)
            .create(
                {
                    "name": "Shop B",
                    "layaway_enabled": True,
                    "layaway_plan_ids": [(6, 0, cls.plan_b.ids)],
                    "layaway_default_plan_id": cls.plan_b.id,
                }
            )
        )

        # The people: each logs in over XML-RPC with its login as password.
        cls.users = {}
        for role, groups in ROLES.items():
            if role == "public":
                continue
            company = cls.company_b if role == "user of company B" else cls.company
            login = "access_" + role.replace(" ", "_").lower()
            cls.users[role] = new_test_user(
                cls.env,
                login=login,
                password=login,
                groups=groups,
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
                tz="UTC",
            )
        # The customer of every layaway below: the portal user, known to both companies.
        cls.customer = cls.users["portal user"].partner_id
        cls.customer.write({"company_id": False, "phone": "+1 555 0199"})

        # Company A: a spare plan with a product line, and layaways no salesperson owns.
        cls.spare_plan = cls.plan.copy({"code": "900", "name": "Spare"})
        cls.spare_line = cls.env["layaway.plan.line"].create(
            {"plan_id": cls.spare_plan.id, "product_tmpl_id": cls.lamp.product_tmpl_id.id, "installment_count": 2}
        )
        cls.draft = cls._layaway(cls.customer)
        cls.active = cls._layaway(cls.customer, deposit=90.0)
        cls.paid = cls._layaway(cls.customer, deposit=90.0)
        cls.paid.action_layaway_pay(cls.paid.layaway_amount_residual, journal_id=cls.bank_journal.id)
        cls.config.open_ui()
        cls.session = cls.config.current_session_id
        cls.session_b = cls.env["pos.session"].with_company(cls.company_b).create({"config_id": cls.config_b.id})
        cls.customer_b = cls.env["res.partner"].create({"name": "Company B's customer", "company_id": cls.company_b.id})

        # sudo: a client may not say at which register a layaway was started.
        cls.draft_b = (
            cls.env["sale.order"]
            .sudo()
            .with_company(cls.company_b)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.company_b.id,
                    "layaway_plan_id": cls.plan_b.id,
                    "layaway_pos_config_id": cls.config_b.id,
                    "user_id": False,
                    "order_line": [(0, 0, {"product_id": cls.lamp.id, "product_uom_qty": 1.0})],
                }
            )
        )
        cls.draft_b = cls.draft_b.sudo(False)
        cls.active_b = cls.draft_b.copy()
        cls.active_b.action_layaway_start(50.0, journal_id=cls.company_b_data["default_journal_bank"].id)
        cls.env.flush_all()

    @classmethod
    def _layaway(cls, partner, deposit=0.0):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "layaway_plan_id": cls.plan.id,
                "user_id": False,
                "order_line": [
                    (0, 0, {"product_id": cls.sofa.id, "product_uom_qty": 2.0}),
                    (0, 0, {"product_id": cls.lamp.id, "product_uom_qty": 1.0}),
                ],
            }
        )
        if deposit:
            order.action_layaway_start(deposit, journal_id=cls.bank_journal.id)
        return order

    # ------------------------------------------------------------------
    # Calls and what they may change
    # ------------------------------------------------------------------

    def rpc_as(self, role):
        """A function that calls a model method over XML-RPC as `role`, and answers an Outcome."""
        db = self.env.cr.dbname
        if role == "public":
            uid, password = self.env.ref("base.public_user").id, "public"
        else:
            user = self.users[role]
            uid, password = user.id, user.login

        def rpc(model, method, *args, **kwargs):
            try:
                value = self.xmlrpc_object.execute_kw(db, uid, password, model, method, list(args), kwargs)
            except xmlrpc.client.Fault as fault:
                return Outcome(fault.faultCode, None, fault.faultString)
            return Outcome(0, value, "")

        return rpc

    def snapshot(self):
        """Everything a refused call must leave as it was, in both companies."""
        self.env.invalidate_all()
        env = self.env(su=True)
        orders = env["sale.order"].search([("layaway_plan_id", "!=", False)], order="id")
        plans = env["layaway.plan"].with_context(active_test=False).search([], order="id")
        quants = env["stock.quant"].search([("product_id", "in", (self.sofa | self.lamp).ids)])
        return {
            "layaways": [
                (
                    order.id,
                    order.layaway_state,
                    order.state,
                    order.layaway_amount_paid,
                    order.partner_id.id,
                    order.layaway_plan_id.id,
                    order.layaway_expiry_date,
                    order.client_order_ref,
                    order.layaway_installment_ids.mapped(lambda i: (i.id, i.due_date, i.amount, i.amount_paid)),
                    order.layaway_payment_ids.ids,
                    order.order_line.mapped(lambda line: (line.product_id.id, line.product_uom_qty)),
                )
                for order in orders
            ],
            "plans": plans.mapped(lambda plan: (plan.id, plan.name, plan.installment_count)),
            "plan lines": env["layaway.plan.line"]
            .search([], order="id")
            .mapped(lambda li: (li.id, li.installment_count)),
            "journal items": env["account.move.line"].search_count([]),
            "pos orders": env["pos.order"].search_count([]),
            "stock": sorted(quants.mapped(lambda q: (q.product_id.id, q.location_id.id, q.quantity))),
        }

    def ui_payment(self, order, amount, role):
        """A register order paying `amount` on `order`, as the register sends it over RPC."""
        return self.over_rpc(self.ui_order([self.deposit_line(order, amount)], kind="installment"), role)

    def ui_start(self, role, **values):
        """A register order starting a layaway of a lamp with 50 (its minimum deposit is 20), as
        the register sends it over RPC; `values` replace what it carries."""
        data = self.start_order([self.ui_line(self.deposit_product, 1.0, 50.0)], lines=[(self.lamp, 1.0)])
        return self.over_rpc(data | values, role)

    def over_rpc(self, data, role):
        data["user_id"] = self.users[role].id if role in self.users else False
        for payment in data["payment_ids"]:
            payment[2]["name"] = fields.Datetime.to_string(payment[2]["name"])
        return data

    def started_by(self, uuid):
        """The layaway the register order `uuid` started (read as superuser)."""
        env = self.env(su=True)
        return env["pos.order"].search([("uuid", "=", uuid)]).lines.sale_order_origin_id

    # ------------------------------------------------------------------
    # The cells: each calls, and answers (outcome, check of its effect when allowed)
    # ------------------------------------------------------------------

    def cell(self, column, rpc, role):
        plan, line, active = self.spare_plan, self.spare_line, self.active
        installment = active.layaway_installment_ids.sorted("sequence")[-1]
        payment = active.layaway_payment_ids[:1]
        env = self.env(su=True)
        new_expiry = active.layaway_expiry_date + timedelta(days=30)
        new_due_date = installment.due_date + timedelta(days=7)
        orders_before = env["sale.order"].search_count([])
        start = self.ui_start(role)
        cells = {
            "plan r": (
                lambda: rpc("layaway.plan", "read", [plan.id], ["name"]),
                lambda value: self.assertEqual(value[0]["name"], "Spare"),
            ),
            "plan w": (
                lambda: rpc("layaway.plan", "write", [plan.id], {"name": "Renamed"}),
                lambda value: self.assertEqual(env["layaway.plan"].browse(plan.id).name, "Renamed"),
            ),
            "plan c": (
                lambda: rpc("layaway.plan", "create", {"code": "901", "name": "New", "company_id": self.company.id}),
                lambda value: self.assertEqual(env["layaway.plan"].browse(value).code, "901"),
            ),
            "plan u": (
                lambda: rpc("layaway.plan", "unlink", [plan.id]),
                lambda value: self.assertFalse(env["layaway.plan"].browse(plan.id).exists()),
            ),
            "line r": (
                lambda: rpc("layaway.plan.line", "read", [line.id], ["installment_count"]),
                lambda value: self.assertEqual(value[0]["installment_count"], 2),
            ),
            "line w": (
                lambda: rpc("layaway.plan.line", "write", [line.id], {"installment_count": 4}),
                lambda value: self.assertEqual(env["layaway.plan.line"].browse(line.id).installment_count, 4),
            ),
            "line c": (
                lambda: rpc(
                    "layaway.plan.line",
                    "create",
                    {"plan_id": plan.id, "product_tmpl_id": self.sofa.product_tmpl_id.id, "installment_count": 5},
                ),
                lambda value: self.assertEqual(env["layaway.plan.line"].browse(value).installment_count, 5),
            ),
            "line u": (
                lambda: rpc("layaway.plan.line", "unlink", [line.id]),
                lambda value: self.assertFalse(env["layaway.plan.line"].browse(line.id).exists()),
            ),
            "inst r": (
                lambda: rpc("layaway.installment", "read", [installment.id], ["amount"]),
                lambda value: self.assertEqual(value[0]["amount"], installment.amount),
            ),
            "inst w": (
                lambda: rpc(
                    "layaway.installment",
                    "write",
                    [installment.id],
                    {"due_date": fields.Date.to_string(new_due_date)},
                ),
                lambda value: self.assertEqual(
                    env["layaway.installment"].browse(installment.id).due_date, new_due_date
                ),
            ),
            "inst c": (
                lambda: rpc(
                    "layaway.installment",
                    "create",
                    {"order_id": active.id, "sequence": 9, "due_date": "2030-01-01", "amount": 1.0},
                ),
                lambda value: self.assertEqual(env["layaway.installment"].browse(value).order_id, active),
            ),
            "inst u": (
                lambda: rpc("layaway.installment", "unlink", [installment.id]),
                lambda value: self.assertFalse(env["layaway.installment"].browse(installment.id).exists()),
            ),
            "paym r": (
                lambda: rpc("layaway.payment", "read", [payment.id], ["amount"]),
                lambda value: self.assertEqual(value[0]["amount"], 90.0),
            ),
            "paym w": (lambda: rpc("layaway.payment", "write", [payment.id], {"amount": 900.0}), None),
            "paym c": (
                lambda: rpc(
                    "layaway.payment",
                    "create",
                    {"order_id": active.id, "amount": 200.0, "kind": "installment", "channel": "backoffice"},
                ),
                None,
            ),
            "paym u": (lambda: rpc("layaway.payment", "unlink", [payment.id]), None),
            "order r": (
                lambda: rpc("sale.order", "read", [active.id], ["layaway_state", "layaway_amount_paid"]),
                lambda value: self.assertEqual(
                    (value[0]["layaway_state"], value[0]["layaway_amount_paid"]), ("active", 90.0)
                ),
            ),
            "order w": (
                lambda: rpc("sale.order", "write", [active.id], {"client_order_ref": "Phone 555"}),
                lambda value: self.assertEqual(env["sale.order"].browse(active.id).client_order_ref, "Phone 555"),
            ),
            "order c": (
                lambda: rpc(
                    "sale.order",
                    "create",
                    {
                        "partner_id": self.customer.id,
                        "company_id": self.company.id,
                        "layaway_plan_id": self.plan.id,
                        "order_line": [(0, 0, {"product_id": self.lamp.id, "product_uom_qty": 1.0})],
                    },
                ),
                lambda value: self.assertEqual(env["sale.order"].browse(value).layaway_state, "draft"),
            ),
            "order u": (
                lambda: rpc("sale.order", "unlink", [self.draft.id]),
                lambda value: self.assertFalse(env["sale.order"].browse(self.draft.id).exists()),
            ),
            "write paid": (
                lambda: rpc("sale.order", "write", [active.id], {"layaway_amount_paid": active.layaway_amount_total}),
                None,
            ),
            "write state": (lambda: rpc("sale.order", "write", [active.id], {"layaway_state": "cancelled"}), None),
            "start": (
                lambda: rpc(
                    "sale.order", "action_layaway_start", [self.draft.id], 90.0, journal_id=self.bank_journal.id
                ),
                lambda value: self.assertEqual(
                    env["sale.order"].browse(self.draft.id).mapped(lambda o: (o.layaway_state, o.layaway_amount_paid)),
                    [("active", 90.0)],
                ),
            ),
            "pay": (
                lambda: rpc("sale.order", "action_layaway_pay", [active.id], 10.0, journal_id=self.bank_journal.id),
                lambda value: self.assertEqual(
                    (
                        env["layaway.payment"].browse(value).amount,
                        env["sale.order"].browse(active.id).layaway_amount_paid,
                    ),
                    (10.0, 100.0),
                ),
            ),
            "complete": (
                lambda: rpc("sale.order", "action_layaway_complete", [self.paid.id]),
                lambda value: self.assertEqual(
                    (env["sale.order"].browse(self.paid.id).layaway_state, env["account.move"].browse(value).state),
                    ("done", "posted"),
                ),
            ),
            "cancel": (
                lambda: rpc("sale.order", "action_layaway_cancel", [active.id], "Changed their mind"),
                lambda value: self.assertEqual(env["sale.order"].browse(active.id).layaway_state, "cancelled"),
            ),
            "extend": (
                lambda: rpc("sale.order", "action_layaway_extend", [active.id], fields.Date.to_string(new_expiry)),
                lambda value: self.assertEqual(env["sale.order"].browse(active.id).layaway_expiry_date, new_expiry),
            ),
            "pay 'abc'": (lambda: rpc("sale.order", "action_layaway_pay", [active.id], "abc"), None),
            "preview": (
                lambda: rpc(
                    "sale.order",
                    "layaway_pos_preview",
                    self.config.id,
                    self.customer.id,
                    [{"product_id": self.sofa.id, "qty": 1.0, "price_unit": 100.0}],
                    self.plan.id,
                ),
                lambda value: self.assertEqual(
                    (value["total"], value["min_deposit"], env["sale.order"].search_count([]) - orders_before),
                    (125.0, 33.0, 0),  # 115 and its fee of 10; 20 % of 115 and the fee; nothing written
                ),
            ),
            "search": (
                lambda: rpc("sale.order", "layaway_pos_search", self.config.id, "+1 555 0199"),
                lambda value: self.assertEqual(
                    {order["id"] for order in value["orders"]}, {self.active.id, self.paid.id}
                ),
            ),
            "load": (
                lambda: rpc("sale.order", "layaway_pos_load", active.id, self.config.id),
                lambda value: self.assertEqual([order["id"] for order in value["sale.order"]], [active.id]),
            ),
            "detail": (
                lambda: rpc("sale.order", "layaway_pos_detail", active.id, self.config.id),
                lambda value: self.assertEqual((value["id"], len(value["installments"])), (active.id, 3)),
            ),
            "sync start": (
                lambda: rpc("pos.order", "sync_from_ui", [start]),
                lambda value: self.assertEqual(
                    self.started_by(start["uuid"]).mapped(
                        lambda o: (o.layaway_state, o.layaway_amount_paid, o.partner_id, o.user_id.id)
                    ),
                    [("active", 50.0, self.customer, self.users[role].id)],
                ),
            ),
            "sync": (
                lambda: rpc("pos.order", "sync_from_ui", [self.ui_payment(active, 10.0, role)]),
                lambda value: self.assertEqual(
                    env["sale.order"]
                    .browse(active.id)
                    .layaway_payment_ids.filtered(lambda p: p.channel == "pos")
                    .mapped(lambda p: (p.amount, p.user_id.id)),
                    [(10.0, self.users[role].id)],
                ),
            ),
        }
        return cells[column]

    def run_cell(self, role, column, call, check, code):
        """Call in a savepoint rolled back afterwards (each cell starts from the same records).
        Answers the mismatch with the matrix, or None."""
        self.env.flush_all()
        with closing(self.env.cr.savepoint()):
            before = self.snapshot()
            outcome = call()
            self.env.invalidate_all()
            meaning, fault, fragment = LEGEND[code]
            if code == "Y" and outcome.fault:
                return f"{role} / {column}: expected allowed, refused ({outcome.fault}): {outcome.message[:300]}"
            if code == "Y":
                try:
                    if check:
                        check(outcome.value)
                except AssertionError as error:
                    return f"{role} / {column}: allowed, but its effect is wrong: {error}"
                return None
            if not outcome.fault:
                mismatch = f"expected {meaning}, allowed (answered {str(outcome.value)[:200]})"
            elif outcome.fault != fault or (fragment and fragment not in outcome.message):
                mismatch = f"expected {meaning}, got ({outcome.fault}) {outcome.message[:300]}"
            elif self.snapshot() != before:
                mismatch = "refused, but something changed"
            else:
                return None
            return f"{role} / {column}: {mismatch}"

    # ------------------------------------------------------------------
    # The tests
    # ------------------------------------------------------------------

    def test_matrix_is_complete(self):
        self.assertEqual(set(MATRIX), set(ROLES))
        for role in MATRIX:
            codes = matrix_codes(role)
            self.assertEqual(len(codes), len(COLUMNS), role)
            self.assertLessEqual(set(codes), set(LEGEND), role)

    def test_public_cannot_log_in(self):
        db = self.env.cr.dbname
        self.assertFalse(self.xmlrpc_common.authenticate(db, "public", "public", {}))
        self.assertFalse(self.xmlrpc_common.authenticate(db, "public", "", {}))

    def test_access_matrix(self):
        mismatches = []
        cells = 0
        for role in MATRIX:
            rpc = self.rpc_as(role)
            for column, code in zip(COLUMNS, matrix_codes(role), strict=True):
                call, check = self.cell(column, rpc, role)
                mismatch = self.run_cell(role, column, call, check, code)
                cells += 1
                if mismatch:
                    mismatches.append(mismatch)
        self.assertEqual(cells, len(ROLES) * len(COLUMNS))
        self.assertFalse(mismatches, "\n" + "\n".join(mismatches))

    def cross_cell(self, label, rpc, role):
        config_a, config_b = self.config, self.config_b
        lines = [{"product_id": self.lamp.id, "qty": 1.0}]
        calls = {
            "preview at Shop B": (
                lambda: rpc("sale.order", "layaway_pos_preview", config_b.id, self.customer.id, lines, self.plan_b.id),
                None,
            ),
            "preview at register A for a customer of company B": (
                lambda: rpc("sale.order", "layaway_pos_preview", config_a.id, self.customer_b.id, lines, self.plan.id),
                None,
            ),
            "search at Shop B": (lambda: rpc("sale.order", "layaway_pos_search", config_b.id, ""), None),
            "search at register A for B's layaway by its reference: finds nothing": (
                lambda: rpc("sale.order", "layaway_pos_search", config_a.id, self.active_b.name),
                lambda value: self.assertNotIn(self.active_b.id, [order["id"] for order in value["orders"]]),
            ),
            "load B's layaway at register A": (
                lambda: rpc("sale.order", "layaway_pos_load", self.active_b.id, config_a.id),
                None,
            ),
            "load B's layaway at Shop B": (
                lambda: rpc("sale.order", "layaway_pos_load", self.active_b.id, config_b.id),
                None,
            ),
            "detail of B's layaway": (lambda: rpc("sale.order", "layaway_pos_detail", self.active_b.id), None),
            "detail of B's layaway at register A": (
                lambda: rpc("sale.order", "layaway_pos_detail", self.active_b.id, config_a.id),
                None,
            ),
            "sync at register A a payment of B's layaway": (
                lambda: rpc("pos.order", "sync_from_ui", [self.ui_payment(self.active_b, 10.0, role)]),
                None,
            ),
            "sync at register A a payment of B's layaway, without sales or stock rights": (
                lambda: rpc("pos.order", "sync_from_ui", [self.ui_payment(self.active_b, 10.0, role)]),
                None,
            ),
            "sync at register A a start on B's plan": (
                lambda: rpc(
                    "pos.order",
                    "sync_from_ui",
                    [self.ui_start(role, **self.start_values([(self.lamp, 1.0)], plan_id=self.plan_b.id))],
                ),
                None,
            ),
            "sync at register A a start for a customer of company B": (
                lambda: rpc("pos.order", "sync_from_ui", [self.ui_start(role, partner_id=self.customer_b.id)]),
                None,
            ),
            "sync at Shop B's session a start": (
                lambda: rpc("pos.order", "sync_from_ui", [self.ui_start(role, session_id=self.session_b.id)]),
                None,
            ),
        }
        return calls[label]

    def test_cashier_cannot_reach_another_company(self):
        mismatches = []
        for label, role, code in CROSS_COMPANY:
            call, check = self.cross_cell(label, self.rpc_as(role), role)
            mismatch = self.run_cell(role, label, call, check, code)
            if mismatch:
                mismatches.append(mismatch)
        self.assertFalse(mismatches, "\n" + "\n".join(mismatches))

    # ------------------------------------------------------------------
    # Reports, reminders and the portal: no row of another company
    # ------------------------------------------------------------------

    def test_reports_and_reminders_show_only_the_users_companies(self):
        Reminder = self.env["layaway.reminder"].sudo()
        Reminder.create([{"order_id": order.id, "kind": "started"} for order in (self.active, self.active_b)])
        self.env.flush_all()
        b_context = {"layaway_liability_company_id": self.company_b.id}
        models = (
            ("layaway.report", {}),
            ("layaway.payment.report", {}),
            ("layaway.liability.report", {}),
            ("layaway.liability.report", b_context),  # asking for company B's reconciliation
            ("layaway.reminder", {}),
        )
        rules = {
            "layaway.report": "layaway_pos.rule_layaway_report_company",
            "layaway.payment.report": "layaway_pos.rule_layaway_payment_report_company",
            "layaway.liability.report": "layaway_pos.rule_layaway_liability_report_company",
            "layaway.reminder": "layaway_pos.rule_layaway_reminder_company",
        }
        for role in ("accountant", "sales manager"):
            rpc = self.rpc_as(role)
            for model, context in models:
                if model == "layaway.liability.report" and role == "sales manager":
                    continue  # an accountant's report
                with self.subTest(role=role, model=model, context=context):
                    rows = rpc(model, "search_read", [], ["company_id"], context=context)
                    if context:
                        # Company B's reconciliation reads company B, which is not the user's.
                        self.assertEqual((rows.fault, "Companies (res.company)" in rows.message), (4, True))
                        continue
                    self.assertFalse(rows.fault, rows.message)
                    self.assertEqual({row["company_id"][0] for row in rows.value}, {self.company.id})
                    groups = rpc(model, "formatted_read_group", [], ["company_id"], ["__count"], context=context)
                    self.assertEqual([group["company_id"][0] for group in groups.value], [self.company.id])
                    # Nor can the user ask for company B.
                    spoofed = rpc(
                        model,
                        "search_read",
                        [],
                        ["company_id"],
                        context={**context, "allowed_company_ids": (self.company | self.company_b).ids},
                    )
                    self.assertEqual(spoofed.fault, 4)
                    self.assertIn("Access to unauthorized or invalid companies", spoofed.message)
                    # The rule is what keeps company B's rows out: without it they would show (the
                    # reconciliation computes the rows of one company only: the current one).
                    if model == "layaway.liability.report":
                        continue
                    self.env.flush_all()
                    with closing(self.env.cr.savepoint()):
                        self.env.ref(rules[model]).sudo().active = False
                        self.env.flush_all()
                        unruled = rpc(model, "search_read", [], ["company_id"], context=context)
                        self.assertFalse(unruled.fault, unruled.message)
                        self.assertIn(
                            self.company_b.id, {row["company_id"][0] for row in unruled.value}, (model, unruled.value)
                        )
                    self.env.invalidate_all()

    def test_portal_lists_only_the_users_companies(self):
        """The customer is known to both companies; the portal user belongs to company A: My
        Layaways lists A's layaways; B's opens only with its own link (the emails' token)."""
        self.session = None  # the POS session's name is the browser session's too
        self.authenticate("access_portal_user", "access_portal_user")
        page = self.url_open("/my/layaways")
        self.assertEqual(page.status_code, 200)
        for order in (self.active, self.paid):
            self.assertIn(order.name, page.text)
        self.assertNotIn(self.active_b.name, page.text)
        self.assertNotIn(self.draft.name, page.text)  # drafts are not shown either
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["layaway_count"]})
        self.assertEqual(counters["layaway_count"], 2)
        self.assertEqual(self.url_open(f"/my/layaways/{self.active.id}").status_code, 200)
        for url in (
            f"/my/layaways/{self.active_b.id}",
            f"/my/layaways/{self.active_b.id}?report_type=pdf&download=true",
            f"/my/layaways/{self.active_b.id}?access_token={self.active.sudo()._portal_ensure_token()}",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(self.active_b.name, response.text)
        token = self.active_b.sudo()._portal_ensure_token()
        self.assertEqual(self.url_open(f"/my/layaways/{self.active_b.id}?access_token={token}").status_code, 200)
