from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """The layaway steps a synced register order runs (pos.order._layaway_process): the deposit or
    installment, the pick-up, the cancellation, once the sync has checked who sends them."""

    _inherit = "sale.order"

    def _layaway_pos_take_payment(self, pos_lines, kind):
        """A deposit or an installment taken at the register (the POS order is synced and paid)."""
        self.ensure_one()
        self._layaway_check_not_installment_sale_at_register()
        amount = sum(pos_lines.mapped("price_subtotal_incl"))
        self._layaway_pos_check_advance_lines(
            pos_lines, self._layaway_advance_split(self.currency_id.round(amount)), self.env._("payment")
        )
        if kind == "deposit":
            amount = self._layaway_start(amount)
        self._layaway_pos_down_payment(pos_lines)
        return self.env["layaway.payment"]._register_payment(
            self,
            amount,
            kind,
            "pos",
            pos_order_line=pos_lines[:1],
            amount_untaxed=sum(pos_lines.mapped("price_subtotal")),
        )

    def _layaway_pos_before_completion(self):
        """Before the POS order of a pick-up makes its picking: the goods must be in stock."""
        self._layaway_lock()
        self._layaway_check_not_installment_sale_at_register()
        self._layaway_check_state(("active", "paid"), "complete")
        if self.layaway_plan_id.stock_policy == "on_completion":
            self._layaway_check_availability()
        else:
            # The POS picking delivers from the register's stock location.
            self._layaway_release_goods()

    def _layaway_pos_complete(self, pos_lines, already_recorded):
        """The pick-up: the last payment, then the order is done (the POS order delivers)."""
        self.ensure_one()
        deposit_product = self.company_id._layaway_deposit_product()
        applied = pos_lines.filtered(lambda line: line.product_id == deposit_product)
        goods = pos_lines - applied
        held = self._layaway_held()
        if self.currency_id.compare_amounts(-sum(applied.mapped("price_subtotal_incl")), held):
            raise UserError(
                self.env._(
                    "The pick-up of %(order)s must apply exactly what was paid (%(paid)s). Open the layaway again.",
                    order=self.name,
                    paid=self._layaway_money(held),
                )
            )
        advances = self._layaway_advances_by_tax(held)
        self._layaway_pos_check_advance_lines(applied, [(t, -p) for t, p in advances], self.env._("applied payment"))
        handed_over = self._layaway_goods_lines() | self._layaway_fee_line()
        # Computed now: the stored quantity may predate this pick-up's order being paid (pos_sale
        # counts paid POS lines as invoiced). It counts this pick-up's lines and the goods taken
        # early by a partial pick-up: all of it must be handed over once this pick-up is done.
        invoiced = handed_over._prepare_qty_invoiced()
        for so_line in handed_over:
            delivered = sum(goods.filtered(lambda line, s=so_line: line.sale_order_line_id == s).mapped("qty"))
            if so_line.product_uom_id.compare(invoiced[so_line], so_line.product_uom_qty):
                raise UserError(
                    self.env._(
                        "The pick-up of %(order)s must hand over all of it: %(product)s %(qty)s, not %(given)s.",
                        order=self.name,
                        product=so_line.product_id.display_name,
                        qty=so_line.product_uom_qty - (invoiced[so_line] - delivered),
                        given=delivered,
                    )
                )
        amount = self.currency_id.round(sum(pos_lines.mapped("price_subtotal_incl")))
        if self.currency_id.compare_amounts(amount, 0.0) > 0 and not already_recorded:
            self.env["layaway.payment"]._register_payment(
                self,
                amount,
                "pickup",
                "pos",
                pos_order_line=applied[:1] or goods[:1],
                amount_untaxed=sum(pos_lines.mapped("price_subtotal")),
            )
        self._layaway_check_state(("paid",), "complete")
        self._layaway_set_state("done")
        self._layaway_exchange_difference(date=self.company_id._layaway_day(pos_lines.order_id.date_order))
        self.sudo().action_lock()
        self.message_post(
            body=self.env._("Layaway completed at the register: goods handed over (%s).", pos_lines.order_id.name)
        )

    def _layaway_pos_cancel(self, pos_lines):
        """A cancellation at the register: the POS order refunds what was paid less the fee.

        The manager's reason travels with the POS order (``layaway_cancel_reason``) and is kept
        on the layaway and in its chatter as the back office keeps it; an order without one is
        refused. Same outcome as ``action_layaway_cancel`` with the refund paid out by the POS order
        instead of a credit note: its negative deposit line debits Customer Deposits and its
        fee line credits Layaway Forfeit Income at the session's closing.
        """
        self.ensure_one()
        self._layaway_check_group(manager=True)
        pos_order = pos_lines.order_id
        reason = pos_order.layaway_cancel_reason
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                self.env._(
                    "Give a reason to cancel layaway %(order)s: %(pos_order)s was sent without one. Remove it and "
                    "cancel the layaway again from the Layaways screen.",
                    order=self.name,
                    pos_order=pos_order.name,
                )
            )
        reason = self.env["layaway.input"]._text(reason, self.env._("The cancellation reason"), required=True)
        self._layaway_lock()
        self._layaway_check_not_installment_sale_at_register()
        self._layaway_check_state(("active", "paid", "expired"), "cancel")
        deposit_product = self.company_id._layaway_deposit_product()
        paid = self._layaway_held()
        fee = self._layaway_cancel_fee()
        deposit_lines = pos_lines.filtered(lambda line: line.product_id == deposit_product)
        returned = -sum(deposit_lines.mapped("price_subtotal_incl"))
        kept = sum((pos_lines - deposit_lines).mapped("price_subtotal_incl"))
        if self.currency_id.compare_amounts(returned, paid) or self.currency_id.compare_amounts(kept, fee):
            raise UserError(
                self.env._(
                    "Cancelling %(order)s returns %(paid)s and keeps a fee of %(fee)s. Open the layaway again.",
                    order=self.name,
                    paid=self._layaway_money(paid),
                    fee=self._layaway_money(fee),
                )
            )
        advances = self._layaway_advances_by_tax(paid)
        self._layaway_pos_check_advance_lines(
            deposit_lines, [(t, -p) for t, p in advances], self.env._("returned payment")
        )
        how = self.env._(
            "paid back at the register %(config)s, %(order)s", config=pos_order.config_id.name, order=pos_order.name
        )
        self._layaway_close_cancelled(reason, paid, fee, how)
        self._layaway_exchange_difference(date=self.company_id._layaway_day(pos_order.date_order))

    def _layaway_pos_check_advance_lines(self, lines, expected, what):
        """Refuse register lines of the layaway's money whose taxes are not those it is booked with.

        :param lines: the POS lines on the deposit product.
        :param expected: [(taxes, unit price)] as the back office books the same money.
        """
        currency = self.currency_id
        sent, wanted = {}, {}
        for line in lines:
            key = frozenset(line.tax_ids.ids)
            sent[key] = sent.get(key, 0.0) + line.price_subtotal
        for taxes, price_unit in expected:
            key = frozenset(taxes.ids)
            wanted[key] = wanted.get(key, 0.0) + currency.round(price_unit)
        if sent.keys() != wanted.keys() or any(
            currency.compare_amounts(sent[key], amount) for key, amount in wanted.items()
        ):
            raise UserError(
                self.env._(
                    "The register's %(what)s lines of %(order)s do not carry the taxes this layaway's money is "
                    "booked with. Remove the order and open the layaway again from the Layaways screen.",
                    what=what,
                    order=self.name,
                )
            )
