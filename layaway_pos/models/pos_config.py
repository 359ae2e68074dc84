from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PosConfig(models.Model):
    """Whether a register sells on layaway, and with which plans."""

    _inherit = "pos.config"

    layaway_enabled = fields.Boolean("Layaways", help="Start, pay, complete and cancel layaways at this register.")
    layaway_plan_ids = fields.Many2many(
        "layaway.plan",
        "pos_config_layaway_plan_rel",
        "config_id",
        "plan_id",
        string="Layaway Plans",
        check_company=True,
        domain="[('recognition', '=', 'on_completion')]",
        help="The plans cashiers may choose at this register (installment sales are paid in the back office).",
    )
    layaway_default_plan_id = fields.Many2one(
        "layaway.plan",
        "Default Layaway Plan",
        check_company=True,
        help="The plan proposed first when a layaway starts at this register.",
    )

    layaway_advance_tax = fields.Selection(
        related="company_id.layaway_advance_tax", help="Technical: how the register books the money it takes."
    )
    layaway_deposit_product_id = fields.Many2one(
        "product.product", compute="_compute_layaway_products", help="Technical: the POS lines of layaway payments."
    )
    layaway_cancel_fee_product_id = fields.Many2one(
        "product.product", compute="_compute_layaway_products", help="Technical: the fee kept on a cancellation."
    )

    @api.constrains("layaway_enabled", "layaway_plan_ids", "layaway_default_plan_id")
    def _check_layaway_plans(self):
        for config in self:
            installment_sales = config.layaway_plan_ids.filtered(lambda plan: plan.recognition == "on_start")
            if installment_sales:
                raise ValidationError(
                    self.env._(
                        "The register '%(config)s' cannot offer %(plans)s: an installment sale (revenue at start) "
                        "is invoiced when it starts, and a register cannot settle a customer invoice. Offer plans "
                        "with revenue at completion at registers.",
                        config=config.name,
                        plans=", ".join(installment_sales.mapped("name")),
                    )
                )
        for config in self.filtered("layaway_enabled"):
            if not config.layaway_plan_ids:
                raise ValidationError(
                    self.env._("Choose at least one layaway plan for the register '%s'.", config.name)
                )
            if config.layaway_default_plan_id and config.layaway_default_plan_id not in config.layaway_plan_ids:
                raise ValidationError(
                    self.env._(
                        "The default layaway plan of '%(config)s' (%(plan)s) must be one of its plans.",
                        config=config.name,
                        plan=config.layaway_default_plan_id.name,
                    )
                )

    def _get_special_products(self):
        # The layaway products are bookkeeping lines: loaded, never offered in the product list.
        company = self.env["res.company"]
        return (
            super()._get_special_products()
            | company._layaway_deposit_product()
            | company._layaway_fee_product()
            | company._layaway_cancel_fee_product()
        )

    def _layaway_check_enabled(self):
        self.ensure_one()
        if not self.layaway_enabled:
            raise UserError(
                self.env._("Layaways are not enabled at the register '%s'. Enable them in its settings.", self.name)
            )

    def _layaway_check_plan(self, plan):
        """Refuse a plan this register does not offer."""
        self.ensure_one()
        self._layaway_check_enabled()
        if plan not in self.layaway_plan_ids:
            raise UserError(
                self.env._(
                    "The plan '%(plan)s' is not offered at the register '%(config)s'. Choose one of: %(plans)s.",
                    plan=plan.display_name,
                    config=self.name,
                    plans=", ".join(self.layaway_plan_ids.mapped("name")),
                )
            )

    def _compute_layaway_products(self):
        company = self.env["res.company"]
        for config in self:
            config.layaway_deposit_product_id = company._layaway_deposit_product()
            config.layaway_cancel_fee_product_id = company._layaway_cancel_fee_product()
