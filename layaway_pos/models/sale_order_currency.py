from odoo import Command, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """A layaway in another currency than its company's: amounts in company currency, and the
    exchange entry that brings its Customer Deposits back to zero when it closes."""

    _inherit = "sale.order"

    layaway_exchange_move_id = fields.Many2one(
        "account.move",
        "Deposits Exchange Difference",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The entry that brought Customer Deposits back to zero at the advances' historical rates, "
        "for a layaway in another currency than the company's.",
    )

    def _layaway_company_amount(self, amount, day=None):
        """`amount` of the layaway's currency in the company's, at the rate of `day` (default: today)."""
        company = self.company_id
        if self.currency_id == company.currency_id:
            return self.currency_id.round(amount)
        return self.currency_id._convert(amount, company.currency_id, company, day or company._layaway_today())

    def _layaway_exchange_difference(self, closing_move):
        """Customer Deposits back to zero, in the company's currency, for a layaway in another currency.

        Each advance was booked at its own day's rate; `closing_move` (the final invoice or the
        cancellation credit note) takes them all out at its day's rate. The advances keep their
        historical rates (IFRIC 22): what is left on the account in the company's currency goes to
        the company's exchange gain or loss account, by an entry in its exchange journal, as
        Odoo's reconciliation does for exchange differences.

        :return: the posted entry, or no record when there is no difference.
        """
        company = self.company_id
        if self.currency_id == company.currency_id:
            return self.env["account.move"]
        deposit_account, _forfeit = self._layaway_accounts()
        order = self.sudo()
        moves = (order.invoice_ids | closing_move.sudo()).filtered(lambda move: move.state == "posted")
        items = moves.line_ids.filtered(lambda line: line.account_id == deposit_account)
        difference = company.currency_id.round(sum(items.mapped("balance")))
        # Advances booked outside the layaway's invoices (a register's session entry) leave the
        # document currency unbalanced: there is no historical amount to pair them with here.
        if not self.currency_id.is_zero(sum(items.mapped("amount_currency"))) or company.currency_id.is_zero(
            difference
        ):
            return self.env["account.move"]
        exchange_account = self.env["account.move.line"]._get_exchange_account(company, difference)
        journal = company.currency_exchange_journal_id
        if not journal or not exchange_account:
            raise UserError(
                self.env._(
                    "Set the exchange difference journal and the exchange gain and loss accounts of %s "
                    "in Accounting > Configuration > Settings, then try again.",
                    company.name,
                )
            )
        label = self.env._("Layaway %s: deposits at their historical rates", self.name)
        partner = order.partner_invoice_id.commercial_partner_id
        common = {"name": label, "currency_id": self.currency_id.id, "amount_currency": 0.0, "partner_id": partner.id}
        move = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": closing_move.date,
                    "ref": label,
                    "line_ids": [
                        Command.create(
                            {
                                **common,
                                "account_id": deposit_account.id,
                                "debit": max(-difference, 0.0),
                                "credit": max(difference, 0.0),
                            }
                        ),
                        Command.create(
                            {
                                **common,
                                "account_id": exchange_account.id,
                                "debit": max(difference, 0.0),
                                "credit": max(-difference, 0.0),
                            }
                        ),
                    ],
                }
            )
        )
        move.action_post()
        order.layaway_exchange_move_id = move
        return move
