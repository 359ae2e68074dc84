from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    layaway_deposit_account_id = fields.Many2one(
        "account.account",
        "Customer Deposits Account",
        check_company=True,
        help="Liability account that holds layaway payments until the goods are handed over.",
    )
    layaway_forfeit_account_id = fields.Many2one(
        "account.account",
        "Layaway Forfeit Income Account",
        check_company=True,
        help="Income account credited with cancellation fees.",
    )

    def _layaway_deposit_product(self):
        return self.env.ref("layaway_pos.product_layaway_deposit").product_variant_id

    def _layaway_fee_product(self):
        return self.env.ref("layaway_pos.product_layaway_fee").product_variant_id

    @api.model
    def _layaway_setup_accounts(self, companies=None):
        """Create the two layaway accounts for companies that have a chart of accounts."""
        Account = self.env["account.account"].sudo()
        for company in (companies or self.search([])).filtered("chart_template"):  # pylint: disable=no-search-all
            Account = Account.with_company(company)
            if not company.layaway_deposit_account_id:
                company.layaway_deposit_account_id = Account.create(
                    {
                        "name": self.env._("Customer Deposits"),
                        "code": Account._search_new_account_code("2185"),
                        "account_type": "liability_current",
                        "reconcile": False,
                    }
                )
            if not company.layaway_forfeit_account_id:
                company.layaway_forfeit_account_id = Account.create(
                    {
                        "name": self.env._("Layaway Forfeit Income"),
                        "code": Account._search_new_account_code("4950"),
                        "account_type": "income_other",
                    }
                )
        self.env["res.company"]._layaway_sync_deposit_product_account()

    @api.model
    def _layaway_sync_deposit_product_account(self):
        """POS down payments book to the deposit product's income account: the liability."""
        product = self.env.ref("layaway_pos.product_layaway_deposit", raise_if_not_found=False)
        if not product:
            return
        for company in self.search([]).filtered("layaway_deposit_account_id"):  # pylint: disable=no-search-all
            product.with_company(company).sudo().property_account_income_id = company.layaway_deposit_account_id

    layaway_reminder_days = fields.Integer(
        "Layaway Reminder Days",
        default=3,
        help="Days before an installment's due date, or a layaway's expiry, that the customer is reminded.",
    )
