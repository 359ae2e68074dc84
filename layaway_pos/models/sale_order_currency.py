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

    def _layaway_check_register_currency(self, currency):
        """A register takes a layaway's money only in the layaway's own currency."""
        if self.currency_id != currency:
            raise UserError(
                self.env._(
                    "%(order)s is in %(currency)s and this register takes %(register)s: take its payments at a "
                    "register in %(currency)s or in the back office.",
                    order=self.name,
                    currency=self.currency_id.name,
                    register=currency.name,
                )
            )

    def _layaway_deposit_balances(self, extra_moves=None):
        """What the layaway has booked on Customer Deposits: (balance in the company's currency,
        amount in the layaway's), over its posted documents (`extra_moves` too) and the register's
        lines of it that its sessions book (or have booked).

        A register's line is booked by its session's closing entry at its POS order's date rate,
        per line, as ``pos.session._update_amounts`` converts it; an invoiced POS order books it
        on its invoice instead, counted with the documents.
        """
        order = self.sudo()
        deposit_account, _forfeit = self._layaway_accounts()
        deposit_product = order.company_id._layaway_deposit_product()
        pos_lines = (
            self.env["pos.order.line"]
            .sudo()
            .search([("sale_order_origin_id", "=", order.id), ("product_id", "=", deposit_product.id)])
        )
        moves = order.invoice_ids | pos_lines.order_id.account_move | (extra_moves or self.env["account.move"]).sudo()
        items = moves.filtered(lambda move: move.state == "posted").line_ids.filtered(
            lambda line: line.account_id == deposit_account
        )
        balance = sum(items.mapped("balance"))
        amount_currency = sum(items.mapped("amount_currency"))
        company_currency = order.company_id.currency_id
        for line in pos_lines.filtered(lambda line: not line.order_id.account_move):
            pos_order = line.order_id
            balance -= pos_order.currency_id._convert(
                line.price_subtotal, company_currency, order.company_id, pos_order.date_order
            )
            amount_currency -= line.price_subtotal
        return company_currency.round(balance), self.currency_id.round(amount_currency)

    def _layaway_exchange_difference(self, closing_move=None, date=None):
        """Customer Deposits back to zero, in the company's currency, for a layaway in another currency.

        Each advance was booked at its own day's rate; `closing_move` (the final invoice or the
        cancellation credit note), or the register's pick-up or cancellation of `date`, takes
        them all out at its day's rate. The advances keep their historical rates (IFRIC 22): what
        is left on the account in the company's currency goes to the company's exchange gain or
        loss account, by an entry in its exchange journal, as Odoo's reconciliation does for
        exchange differences.

        :return: the posted entry, or no record when there is no difference.
        """
        company = self.company_id
        if self.currency_id == company.currency_id:
            return self.env["account.move"]
        deposit_account, _forfeit = self._layaway_accounts()
        order = self.sudo()
        difference, left = self._layaway_deposit_balances(closing_move)
        # Until every advance is taken out in the layaway's currency, there is no difference yet.
        if not self.currency_id.is_zero(left) or company.currency_id.is_zero(difference):
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
                    "date": closing_move.date if closing_move else date or company._layaway_today(),
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
