from datetime import datetime, time

import pytz

from odoo import api, fields, models, tools


class ResCompany(models.Model):
    """A company's layaway accounts and reminder delay, and the module's service products."""

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
    layaway_advance_tax = fields.Selection(
        [("none", "No tax on advances"), ("goods", "At the goods' rates")],
        "Tax on Layaway Advances",
        default="none",
        required=True,
        help="No tax on advances: deposits and installments are untaxed, all tax is due when the goods are "
        "handed over (as US states tax a layaway at delivery).\n"
        "At the goods' rates: every advance carries VAT at the goods' own rates, split by tax as Odoo's down "
        "payments are; the final invoice deducts it and a cancellation reverses it (EU VAT on advances).",
    )
    layaway_reminder_days = fields.Integer(
        default=3,
        help="Days before an installment's due date, or a layaway's expiry, that the customer is reminded.",
    )
    layaway_reminder_sms = fields.Boolean(
        "Layaway Reminders by SMS",
        help="The reminders also go by SMS to customers with a phone number (Odoo's SMS, paid by credits).",
    )

    def _layaway_tz(self):
        """The company's time zone: its address's, else the user's, else UTC.

        A layaway's dates (a payment's day, the day it closed) are the company's days,
        whoever records them and whatever the server's clock says.
        """
        self.ensure_one()
        name = self.partner_id.tz or self.env.context.get("tz") or self.env.user.tz or "UTC"
        try:
            return pytz.timezone(name)
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    def _layaway_today(self):
        """Today in the company's time zone."""
        return self._layaway_day(fields.Datetime.now())

    def _layaway_day(self, moment):
        """The company's day of `moment` (a naive UTC datetime, as Datetime fields hold)."""
        return fields.Date.context_today(self.with_context(tz=self._layaway_tz().zone), moment)

    def _layaway_datetime(self, day):
        """A moment of the company's `day` to store in a Datetime field: now when `day` is today,
        noon of that day (in the company's time zone) for an earlier day."""
        if day == self._layaway_today():
            return fields.Datetime.now()
        noon = self._layaway_tz().localize(datetime.combine(day, time(12, 0)))
        return noon.astimezone(pytz.utc).replace(tzinfo=None)

    def _layaway_deposit_product(self):
        return self._layaway_product("layaway_pos.product_layaway_deposit")

    def _layaway_fee_product(self):
        return self._layaway_product("layaway_pos.product_layaway_fee")

    def _layaway_cancel_fee_product(self):
        return self._layaway_product("layaway_pos.product_layaway_cancel_fee")

    @api.model
    def _layaway_product(self, xmlid):
        return self.env["product.product"].browse(self._layaway_product_id(xmlid))

    @api.model
    @tools.ormcache("xmlid")
    def _layaway_product_id(self, xmlid):
        """The variant of one of the module's service products, cached: every register sync asks."""
        return self.env.ref(xmlid).sudo().product_variant_id.id

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
        self.env["res.company"]._layaway_sync_product_accounts()

    @api.model
    def _layaway_sync_product_accounts(self):
        """The layaway products book to the company's layaway accounts, in every company.

        POS layaway payments (deposit product) credit Customer Deposits at the session's
        closing, and fees kept on a cancellation at the register (cancellation-fee product)
        credit Layaway Forfeit Income.
        """
        pairs = (
            ("layaway_pos.product_layaway_deposit", "layaway_deposit_account_id"),
            ("layaway_pos.product_layaway_cancel_fee", "layaway_forfeit_account_id"),
        )
        companies = self.sudo().search([])  # pylint: disable=no-search-all
        for xmlid, account_field in pairs:
            product = self.env.ref(xmlid, raise_if_not_found=False)
            if not product:
                continue
            for company in companies.filtered(account_field):
                product_company = product.with_company(company).sudo()
                if product_company.property_account_income_id != company[account_field]:
                    product_company.property_account_income_id = company[account_field]
