from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import schedule
from .layaway_plan import DEPOSIT_TYPES, _check_amount_terms


class LayawayPlanLine(models.Model):
    """Per-product terms on a plan; an empty value falls back to the plan's."""

    _name = "layaway.plan.line"
    _description = "Layaway Plan Product Terms"
    _order = "plan_id, id"
    _check_company_auto = True

    plan_id = fields.Many2one("layaway.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    product_tmpl_id = fields.Many2one(
        "product.template",
        "Product",
        required=True,
        check_company=True,
        domain="[('layaway_ok', '=', True)]",
        index=True,
    )
    installment_count = fields.Integer("Installments", help="Empty: the plan's default.")
    deposit_type = fields.Selection(DEPOSIT_TYPES, help="Empty: the plan's deposit.")
    deposit_value = fields.Float("Deposit", digits="Account")

    _product_plan_uniq = models.Constraint(
        "UNIQUE(plan_id, product_tmpl_id)", "A product has at most one line of terms per plan."
    )

    @api.constrains("product_tmpl_id")
    def _check_product_layaway_ok(self):
        for line in self:
            if not line.product_tmpl_id.layaway_ok:
                raise ValidationError(
                    self.env._(
                        "'%(product)s' cannot be laid away: tick 'Can be laid away' on the product "
                        "before adding it to plan '%(plan)s'.",
                        product=line.product_tmpl_id.display_name,
                        plan=line.plan_id.name,
                    )
                )

    @api.constrains("installment_count", "deposit_type", "deposit_value")
    def _check_terms(self):
        for line in self:
            if line.installment_count < 0:
                raise ValidationError(
                    self.env._(
                        "Plan '%(plan)s', product '%(product)s': the installment count cannot be negative.",
                        plan=line.plan_id.name,
                        product=line.product_tmpl_id.display_name,
                    )
                )
            if line.deposit_type:
                _check_amount_terms(
                    self.env,
                    line.plan_id.name,
                    line.deposit_type,
                    line.deposit_value,
                    self.env._("deposit of %s", line.product_tmpl_id.display_name),
                )

    def _line_terms(self, total, quantity, currency=None, date=None):
        """The pure `LineTerms` for an order line of this product (self may be empty); a fixed
        deposit per unit in `currency` at `date`'s rate (see layaway.plan's `_fixed_amount`)."""
        deposit_value = self.deposit_value if self.deposit_type else None
        if self.deposit_type == "fixed":
            deposit_value = self.plan_id._fixed_amount(deposit_value, currency, date)
        return schedule.LineTerms(
            total=total,
            quantity=quantity,
            installment_count=self.installment_count or None,
            deposit_type=self.deposit_type or None,
            deposit_value=deposit_value,
        )
