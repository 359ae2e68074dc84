from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.states import CONTRACT_STATES, OPEN_STATES, can_move

# A layaway's money, state, schedule and history: only the layaway actions write them, under
# sudo once they have checked who asks and what is sent. Written straight (XML-RPC), they
# would pay, cancel or extend a layaway past every check.
LAYAWAY_PROTECTED_FIELDS = frozenset(
    {
        "layaway_state",
        "layaway_amount_paid",
        "layaway_deposit_amount",
        "layaway_start_date",
        "layaway_expiry_date",
        "layaway_closed_date",
        "layaway_installment_ids",
        "layaway_payment_ids",
        "layaway_cancel_reason",
        "layaway_cancel_fee",
        "layaway_refund_amount",
        "layaway_refund_move_id",
        "layaway_exchange_move_id",
        "layaway_pos_config_id",
        "layaway_recognition",
        "layaway_sale_invoice_id",
        "layaway_amount_taken",
        "layaway_change_ids",
        "layaway_transfer_id",
    }
)

# What prices, taxes and currency of a started layaway's lines follow: a change would reprice
# or retax a contract (Update Prices and Update Taxes are refused for the same reason).
LAYAWAY_CONTRACT_ORDER_FIELDS = ("pricelist_id", "fiscal_position_id", "currency_id", "company_id")


class SaleOrder(models.Model):
    """What protects a layaway: who may act on it, the row lock that serialises its payments,
    and guards on Odoo's own sale order flows (a layaway is confirmed by its start, invoiced
    at completion, cancelled by Cancel Layaway, and its state moves only through the table)."""

    _inherit = "sale.order"

    def _layaway_check_group(self, manager=False):
        group = "layaway_pos.group_layaway_manager" if manager else "layaway_pos.group_layaway_user"
        if not self.env.user.has_group(group):
            raise AccessError(
                self.env._(
                    "Only users in the group '%s' can do this; ask a manager.",
                    # sudo: a portal user, refused here, may not read groups.
                    self.env.ref(group).sudo().name,
                )
            )

    def _layaway_check_take_payments(self):
        """Back-office money (deposits, payments, the final invoice) needs "Layaway: Take Payments"
        (Billing users and layaway managers have it); cashiers take money at the register."""
        if not self.env.user.has_group("layaway_pos.group_layaway_payment"):
            raise AccessError(
                self.env._(
                    "You can prepare layaways, preview their schedule and print the contract, but taking their "
                    "money needs the group '%(group)s' (Billing users and layaway managers have it). Ask one of "
                    "them, or a cashier at the register, to take it.",
                    group=self.env.ref("layaway_pos.group_layaway_payment").sudo().name,
                )
            )

    def _layaway_check_transition(self, state):
        for order in self:
            if not can_move(order.layaway_state, state):
                raise UserError(
                    self.env._(
                        "Layaway %(order)s cannot go from %(current)s to %(new)s.",
                        order=order.name,
                        current=order._layaway_state_label() or self.env._("no layaway"),
                        new=self._fields["layaway_state"].convert_to_export(state, self) or self.env._("no layaway"),
                    )
                )

    def _layaway_check_manager_action(self, allowed, action):
        """Before a managers' action on one layaway: who asks, then the row lock, then its state."""
        self.ensure_one()
        self._layaway_check_group(manager=True)
        self._layaway_lock()
        self._layaway_check_state(allowed, action)

    def _layaway_check_state(self, allowed, action):
        """Refuse, with what to do instead, unless every order is in one of the `allowed` states."""
        for order in self:
            if order.layaway_state not in allowed:
                raise UserError(order._layaway_state_refusal(action))

    def _layaway_state_refusal(self, action):
        """Why `action` (start, pay, complete, cancel, extend, hold_tag, reschedule) cannot be done now,
        and what to do."""
        _ = self.env._
        if not self.layaway_state:
            return _("%(order)s is not a layaway: choose a layaway plan first.", order=self.name)
        refusals = {
            "start": _("Layaway %(order)s cannot be started: it is %(state)s."),
            "pay": _("Layaway %(order)s cannot take a payment: it is %(state)s."),
            "complete": _("Layaway %(order)s cannot be completed: it is %(state)s."),
            "cancel": _("Layaway %(order)s cannot be cancelled: it is %(state)s."),
            "extend": _("Layaway %(order)s cannot be extended: it is %(state)s."),
            "hold_tag": _("Layaway %(order)s has no goods on hold to tag: it is %(state)s."),
            "reschedule": _("Layaway %(order)s cannot be rescheduled: it is %(state)s."),
            "change": _("The goods of layaway %(order)s cannot change: it is %(state)s."),
            "pickup_partial": _("No items of layaway %(order)s can be picked up early: it is %(state)s."),
        }
        hints = {
            "draft": _("Start it with a deposit first."),
            "paid": _("The balance is paid: complete it to hand the goods over."),
            "expired": _("Extend it first (managers), or cancel it."),
        }
        refusal = refusals[action] % {"order": self.name, "state": self._layaway_state_label().lower()}
        hint = hints.get(self.layaway_state)
        return f"{refusal} {hint}" if hint else refusal

    def _layaway_lock(self, layaways_only=False):
        """Serialise concurrent payments on the same layaways: wait for the row lock.

        Once per transaction and order: what is read after the first lock is current, so
        the register's sync, which locks its layaways before anything reads them, pays no
        second lock and no re-read. The memo empties at every commit and rollback; a
        lock taken inside a savepoint that is later rolled back is released while the memo
        keeps it, so no layaway path locks inside a savepoint.

        :param layaways_only: lock only the orders that are layaways (the register's sync
            passes every sale order its lines name, without reading them).
        """
        cr = self.env.cr
        locked = cr.cache.setdefault("layaway_locked_order_ids", set())
        to_lock = self.filtered(lambda order: order.id not in locked)
        if not to_lock:
            return
        if not locked:
            cr.postcommit.add(locked.clear)
            cr.postrollback.add(locked.clear)
        query = SQL("SELECT id FROM sale_order WHERE id IN %s", tuple(to_lock.ids))
        if layaways_only:
            query = SQL("%s AND layaway_plan_id IS NOT NULL", query)
        rows = self.env.execute_query(SQL("%s FOR NO KEY UPDATE", query))
        to_lock = to_lock.browse([row[0] for row in rows])
        locked.update(to_lock.ids)
        to_lock.invalidate_recordset()

    def _layaway_check_protected(self, vals, creating=False):
        """Refuse a client's values for the fields only the layaway actions write (a new
        order may say it is a draft layaway, and carry empty values)."""
        if self.env.su:
            return
        fields = sorted(
            name
            for name in LAYAWAY_PROTECTED_FIELDS & vals.keys()
            if not creating or (vals[name] and not (name == "layaway_state" and vals[name] == "draft"))
        )
        if fields:
            raise AccessError(
                self.env._(
                    "These fields of a layaway change only through its actions (start, pay, complete, cancel, "
                    "extend), never directly: %(fields)s.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in fields),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        """An order created with a plan is a draft layaway."""
        for vals in vals_list:
            self._layaway_check_protected(vals, creating=True)
            if vals.get("layaway_plan_id") and not vals.get("layaway_state"):
                vals["layaway_state"] = "draft"
        return super().create(vals_list)

    def write(self, vals):
        """Refuse changes that would break a started layaway's books."""
        self._layaway_check_protected(vals)
        if "layaway_plan_id" in vals:
            locked = self.filtered(lambda o: o.layaway_state not in (False, "draft"))
            if locked:
                raise UserError(
                    self.env._(
                        "The plan of a started layaway cannot change (%s). Cancel it and start a new one.",
                        ", ".join(locked.mapped("name")),
                    )
                )
            if "layaway_state" not in vals:
                vals = {**vals, "layaway_state": "draft" if vals["layaway_plan_id"] else False}
        if "layaway_state" in vals:
            self._layaway_check_transition(vals["layaway_state"])
        self._layaway_check_contract_order(vals)
        return super().write(vals)

    def _layaway_check_contract_order(self, vals=None):
        """A started layaway is a contract: no repricing or retaxing of its lines."""
        if self.env.context.get("layaway_contract_change"):
            return
        started = self.filtered(lambda o: o.layaway_state in CONTRACT_STATES)
        if vals is not None:
            started = started.filtered(
                lambda o: any(
                    name in vals and (vals[name] or False) != o[name].id for name in LAYAWAY_CONTRACT_ORDER_FIELDS
                )
            )
        if started:
            raise UserError(
                self.env._(
                    "Layaway %(orders)s has started: its prices, taxes and currency are a contract with the customer "
                    "and change only through Change items on the layaway.",
                    orders=", ".join(started.mapped("name")),
                )
            )

    def _layaway_contract_error(self, how):
        """The refusal of a change to these started layaways' lines, `how` it was tried."""
        return UserError(
            self.env._(
                "Layaway %(orders)s has started: its goods and prices are a contract with the customer and "
                "change only through Change items on the layaway, %(how)s.",
                orders=", ".join(self.mapped("name")),
                how=how,
            )
        )

    def action_update_taxes(self):
        """Refused on a started layaway: its taxes are a contract."""
        self._layaway_check_contract_order()
        return super().action_update_taxes()

    def action_update_prices(self):
        """Refused on a started layaway: its prices are a contract."""
        self._layaway_check_contract_order()
        return super().action_update_prices()

    def action_cancel(self):
        """An open layaway is cancelled with Cancel Layaway, which settles its money and goods."""
        open_layaways = self.filtered(lambda o: o.layaway_state in OPEN_STATES)
        if open_layaways:
            raise UserError(
                self.env._(
                    "%s: use Cancel Layaway, which keeps the fee, refunds the rest and restocks the goods.",
                    ", ".join(open_layaways.mapped("name")),
                )
            )
        return super().action_cancel()

    def _create_invoices(self, grouped=False, final=False, date=None):
        # Goods of an open layaway are invoiced at completion only (revenue at hand-over). A
        # completed or cancelled one has nothing left to invoice (sale.order.line's
        # _compute_qty_to_invoice): a mass Create Invoices skips it.
        if not self.env.context.get("layaway_completing"):
            open_layaways = self.filtered(lambda o: o.layaway_state in OPEN_STATES)
            installment_sales = open_layaways.filtered(lambda o: o.layaway_recognition == "on_start")
            if installment_sales:
                raise UserError(
                    self.env._(
                        "%s: an installment sale was invoiced when it started; register its payments instead.",
                        ", ".join(installment_sales.mapped("name")),
                    )
                )
            if open_layaways:
                raise UserError(
                    self.env._(
                        "%s: a layaway is invoiced when it is completed; register payments instead.",
                        ", ".join(open_layaways.mapped("name")),
                    )
                )
        return super()._create_invoices(grouped=grouped, final=final, date=date)

    def action_confirm(self):
        """A layaway is confirmed by its start with a deposit, not by the Confirm button."""
        # A layaway is confirmed by its start, not by the Confirm button.
        unstarted = self.filtered(lambda o: o.layaway_state == "draft" and not o.layaway_installment_ids)
        if unstarted:
            raise UserError(
                self.env._(
                    "%s is a layaway: start it with a deposit (Start Layaway) instead of confirming it.",
                    ", ".join(unstarted.mapped("name")),
                )
            )
        return super().action_confirm()
