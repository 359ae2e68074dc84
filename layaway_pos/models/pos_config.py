from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PosConfig(models.Model):
    _inherit = "pos.config"

    layaway_enabled = fields.Boolean("Layaways", help="Start, pay, complete and cancel layaways at this register.")
    layaway_plan_ids = fields.Many2many(
        "layaway.plan",
        "pos_config_layaway_plan_rel",
        "config_id",
        "plan_id",
        string="Layaway Plans",
        check_company=True,
        help="The plans cashiers may choose at this register.",
    )
    layaway_default_plan_id = fields.Many2one(
        "layaway.plan",
        "Default Layaway Plan",
        check_company=True,
        help="The plan proposed first when a layaway starts at this register.",
    )

    layaway_deposit_product_id = fields.Many2one(
        "product.product", compute="_compute_layaway_products", help="Technical: the POS lines of layaway payments."
    )
    layaway_cancel_fee_product_id = fields.Many2one(
        "product.product", compute="_compute_layaway_products", help="Technical: the fee kept on a cancellation."
    )

    @api.constrains("layaway_enabled", "layaway_plan_ids", "layaway_default_plan_id")
    def _check_layaway_plans(self):
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
        res = super()._get_special_products()
        for xmlid in (
            "layaway_pos.product_layaway_deposit",
            "layaway_pos.product_layaway_fee",
            "layaway_pos.product_layaway_cancel_fee",
        ):
            template = self.env.ref(xmlid, raise_if_not_found=False)
            if template:
                res |= template.sudo().product_variant_id
        return res

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

    @api.model_create_multi
    def create(self, vals_list):
        configs = super().create(vals_list)
        if configs.filtered("layaway_enabled"):
            self._layaway_sync_cancel_fee_product_account()
        return configs

    def write(self, vals):
        res = super().write(vals)
        if vals.get("layaway_enabled"):
            self._layaway_sync_cancel_fee_product_account()
        return res

    @api.model
    def _layaway_sync_cancel_fee_product_account(self):
        """Cancellation fees kept at the register book to the company's forfeit income account."""
        product = self.env.ref("layaway_pos.product_layaway_cancel_fee", raise_if_not_found=False)
        if not product:
            return
        for company in self.env["res.company"].sudo().search([("layaway_forfeit_account_id", "!=", False)]):
            product_company = product.with_company(company).sudo()
            if product_company.property_account_income_id != company.layaway_forfeit_account_id:
                product_company.property_account_income_id = company.layaway_forfeit_account_id

    @api.model
    def _layaway_cancel_fee_product(self):
        return self.env.ref("layaway_pos.product_layaway_cancel_fee").sudo().product_variant_id

    def _compute_layaway_products(self):
        deposit = self.env.ref("layaway_pos.product_layaway_deposit", raise_if_not_found=False)
        cancel_fee = self.env.ref("layaway_pos.product_layaway_cancel_fee", raise_if_not_found=False)
        for config in self:
            config.layaway_deposit_product_id = deposit.sudo().product_variant_id if deposit else False
            config.layaway_cancel_fee_product_id = cancel_fee.sudo().product_variant_id if cancel_fee else False
