from odoo import api, fields, models

from ..tools.states import CONTRACT_STATES


class SaleOrderLine(models.Model):
    """An order line, which may be a layaway's service fee. A started layaway's lines are its
    contract: they change only through Change items."""

    _inherit = "sale.order.line"

    is_layaway_fee = fields.Boolean("Layaway Service Fee", copy=False)
    layaway_money_out = fields.Selection(
        [("applied", "Applied to goods taken"), ("refund", "Refunded")],
        "Money Out of Deposits",
        copy=False,
        readonly=True,
        help="A negative down payment: what left Customer Deposits before completion, applied to the goods of "
        "a partial pick-up or paid back after Change items. Its price is its own, not recomputed from its "
        "invoices.",
    )

    def _layaway_contract_fields(self):
        """What a started layaway's lines may not change: what core protects on a locked order
        (but the description), and what makes a line goods, a fee or a down payment."""
        protected = set(self._get_protected_fields()) - {"name"}
        return protected | {"order_id", "product_template_id", "is_downpayment", "is_layaway_fee", "display_type"}

    def _layaway_check_contract(self, vals=None):
        """Refuse a change to the lines of a started layaway (a contract), unless it comes from
        the layaway's own steps. Down payments are the books' record of the money received:
        only the payment steps (under sudo) add them."""
        if self.env.context.get("layaway_contract_change"):
            return
        if vals is not None and not self._layaway_contract_fields() & vals.keys():
            return
        frozen = self.filtered(lambda line: line.order_id.layaway_state in CONTRACT_STATES)
        if self.env.su:
            frozen = frozen.filtered(lambda line: not line.is_downpayment)
        if frozen:
            raise frozen.order_id._layaway_contract_error(self.env._("not by editing its lines"))

    @api.model_create_multi
    def create(self, vals_list):
        """No line is added to a started layaway, but its down payments (by the payment steps)."""
        order_ids = {vals.get("order_id") for vals in vals_list if vals.get("order_id")}
        if order_ids and not self.env.context.get("layaway_contract_change"):
            orders = self.env["sale.order"].browse(order_ids)
            started = orders.filtered(lambda order: order.layaway_state in CONTRACT_STATES)
            down_payments = all(vals.get("is_downpayment") for vals in vals_list)
            if started and not (self.env.su and down_payments):
                raise started._layaway_contract_error(self.env._("not by adding lines"))
        return super().create(vals_list)

    def write(self, vals):
        """Refuse a change to a started layaway's goods, prices or taxes."""
        self._layaway_check_contract(vals)
        return super().write(vals)

    def unlink(self):
        """Refuse removing a started layaway's lines."""
        # Before core's own refusal of confirmed lines, which would tell to set the quantity to 0.
        self._layaway_check_contract()
        return super().unlink()

    @api.depends("order_id.layaway_state", "order_id.layaway_recognition")
    def _compute_qty_to_invoice(self):
        """A completed or cancelled layaway has nothing left to invoice: its goods were invoiced
        (or sold at the register) with the deposits applied, or never sold. Without this, the
        down payments of a pick-up at the register would still show a quantity to invoice.
        An installment sale was invoiced whole at its start: nothing is left to invoice when its
        goods are delivered either."""
        result = super()._compute_qty_to_invoice()
        for line in self.filtered(
            lambda line: (
                line.order_id.layaway_state in ("done", "cancelled") or line.order_id.layaway_recognition == "on_start"
            )
        ):
            line.qty_to_invoice = 0.0
        return result

    def _layaway_qty_taken(self):
        """How much of this goods line the customer already took home by partial pick-ups: the
        quantities invoiced (back office: nothing else invoices a layaway's goods before its
        completion) and those of registers' partial pick-ups. Not a register pick-up being synced,
        whose lines pos_sale already counts as invoiced."""
        self.ensure_one()
        invoiced = sum(
            line.quantity * (1 if line.move_id.move_type == "out_invoice" else -1)
            for line in self.invoice_lines
            if line.move_id.state == "posted"
        )
        register = sum(
            self.sudo()
            .pos_order_line_ids.filtered(lambda line: line.order_id.layaway_kind == "pickup_partial")
            .mapped("qty")
        )
        return invoiced + register

    def _layaway_qty_left(self):
        """What is still on layaway of this goods line: ordered, less what was taken early."""
        return self.product_uom_qty - self._layaway_qty_taken()

    def _layaway_refresh_qty_invoiced(self):
        """pos_sale counts register lines in qty_invoiced once their order is paid, but recomputes it
        only when the lines change, not when their order (synced as a draft first) is paid: the
        register's pick-ups read what is left from it, recomputed."""
        self.env.add_to_compute(self._fields["qty_invoiced"], self)

    def _get_downpayment_line_price_unit(self, invoices):
        """A layaway's money out (negative down payment) keeps its own price: Odoo recomputes a down
        payment's price from its invoices, and the partial pick-up's invoice, which carries goods,
        would not count."""
        if self.layaway_money_out:
            return self.price_unit
        return super()._get_downpayment_line_price_unit(invoices)

    def _prepare_invoice_line(self, **optional_values):
        """A layaway's advance is deducted from Customer Deposits, wherever it was taken: Odoo reuses
        the account of the advance's own invoice line, and an advance taken at the register has none
        (the session's entry booked it on Customer Deposits), so the final invoice and the
        cancellation credit note would otherwise deduct it from the deposit product's income."""
        values = super()._prepare_invoice_line(**optional_values)
        if (
            self.is_downpayment
            and not self.display_type
            and self.order_id.layaway_plan_id
            and "account_id" not in optional_values
            and self.company_id.layaway_deposit_account_id
        ):
            values["account_id"] = self.company_id.layaway_deposit_account_id.id
        return values
