from odoo import api, fields, models

from ..models.layaway_plan import REFUND_METHODS


class LayawayChangeWizard(models.TransientModel):
    """Change items: the layaway's goods as they should be; the server spreads the new total."""

    _name = "layaway.change.wizard"
    _inherit = "layaway.money.wizard.mixin"
    _description = "Change the Goods of a Layaway"

    line_ids = fields.One2many("layaway.change.wizard.line", "wizard_id", "Goods")
    amount_total = fields.Monetary(related="order_id.layaway_amount_total", string="Total Now")
    amount_paid = fields.Monetary(related="order_id.layaway_amount_paid", string="Paid")
    new_total = fields.Monetary(compute="_compute_preview")
    new_min_deposit = fields.Monetary("New Minimum Deposit", compute="_compute_preview")
    amount_due_now = fields.Monetary("To Take Now", compute="_compute_preview")
    amount_refund = fields.Monetary("To Pay Back", compute="_compute_preview")
    amount = fields.Monetary("Amount Taken", help="At least what the new minimum deposit asks beyond what was paid.")
    refund_method = fields.Selection(
        REFUND_METHODS,
        "Pay Back To",
        compute="_compute_refund_method",
        store=True,
        readonly=False,
        precompute=True,
        help="The plan's choice; a manager may choose another.",
    )
    refund_journal_id = fields.Many2one(
        "account.journal", "Pay Back From", check_company=True, domain="[('type', 'in', ('bank', 'cash'))]"
    )

    @api.model
    def default_get(self, fields_list):
        """The layaway's goods now, one line each (quantity 0 lines left out)."""
        values = super().default_get(fields_list)
        order = self.env["sale.order"].browse(values.get("order_id"))
        if "line_ids" in fields_list and order:
            values["line_ids"] = [
                fields.Command.create(
                    {
                        "sale_line_id": line.id,
                        "product_id": line.product_id.id,
                        "quantity": line.product_uom_qty,
                    }
                )
                for line in order._layaway_goods_lines()
                if not line.product_uom_id.is_zero(line.product_uom_qty)
            ]
        return values

    @api.depends("order_id")
    def _compute_refund_method(self):
        for wizard in self:
            wizard.refund_method = wizard.order_id.layaway_plan_id.refund_method or "credit_note"

    @api.depends("line_ids.product_id", "line_ids.quantity", "order_id")
    def _compute_preview(self):
        for wizard in self:
            preview = wizard.order_id._layaway_change_preview(wizard._changes()) if wizard.order_id else {}
            wizard.new_total = preview.get("total", 0.0)
            wizard.new_min_deposit = preview.get("min_deposit", 0.0)
            wizard.amount_due_now = preview.get("shortfall", 0.0)
            wizard.amount_refund = preview.get("refund", 0.0)

    def _changes(self):
        """The wizard's goods as ``action_layaway_change_items`` changes."""
        self.ensure_one()
        kept = self.line_ids.sale_line_id
        changes = [
            {"line_id": line.sale_line_id.id, "quantity": line.quantity}
            for line in self.line_ids
            if line.sale_line_id
            and line.sale_line_id.product_uom_id.compare(line.quantity, line.sale_line_id.product_uom_qty)
        ]
        changes += [
            {"line_id": line.id, "quantity": 0.0}
            for line in self.order_id._layaway_goods_lines()
            if line not in kept and not line.product_uom_id.is_zero(line.product_uom_qty)
        ]
        changes += [
            {"product_id": line.product_id.id, "quantity": line.quantity}
            for line in self.line_ids
            if not line.sale_line_id and line.product_id
        ]
        return changes

    def action_change(self):
        """Change the goods; the server checks the money, the stock and who asks."""
        self.ensure_one()
        self.order_id.action_layaway_change_items(
            self._changes(),
            amount=self.amount or 0.0,
            journal_id=self.journal_id.id,
            payment_date=self.payment_date,
            reference=self.reference or False,
            refund_method=self.refund_method,
            refund_journal_id=self.refund_journal_id.id,
        )
        # The contract reprints: the updated one opens for printing.
        return self.env.ref("layaway_pos.action_report_layaway_contract").report_action(self.order_id)


class LayawayChangeWizardLine(models.TransientModel):
    """A goods line as it should be: a line of the layaway (its product fixed) or goods added."""

    _name = "layaway.change.wizard.line"
    _description = "Goods of a Layaway Being Changed"

    wizard_id = fields.Many2one("layaway.change.wizard", required=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    product_id = fields.Many2one(
        "product.product", required=True, domain="[('layaway_ok', '=', True), ('sale_ok', '=', True)]"
    )
    quantity = fields.Float(digits="Product Unit", default=1.0, required=True)
    qty_taken = fields.Float("Taken Home", compute="_compute_qty_taken", digits="Product Unit")

    @api.depends("sale_line_id")
    def _compute_qty_taken(self):
        for line in self:
            line.qty_taken = line.sale_line_id._layaway_qty_taken() if line.sale_line_id else 0.0
