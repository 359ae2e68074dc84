from odoo import Command, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Refund destination "gift card": money paid back on a cancellation or a change of goods
    becomes a gift card of Odoo's loyalty app, when it is installed (not a dependency)."""

    _inherit = "sale.order"

    def _layaway_gift_card_program(self):
        """The company's gift card program and the account its cards are sold on (the gift card
        product's income account, a liability in a store that sells cards); else a refusal that
        says what to set up or choose instead. Read under sudo: the cashier or manager refunding
        need not manage loyalty programs."""
        self.ensure_one()
        if "loyalty.program" not in self.env:
            raise UserError(
                self.env._(
                    "Refunding to a gift card needs Odoo's gift cards (the Loyalty app, 'Gift cards & eWallet'): "
                    "install it, or refund %(order)s as store credit or pay it back.",
                    order=self.name,
                )
            )
        if self.currency_id != self.company_id.currency_id:
            raise UserError(
                self.env._(
                    "%(order)s is in %(currency)s: gift cards hold the company's currency. Refund it as store "
                    "credit or pay it back.",
                    order=self.name,
                    currency=self.currency_id.name,
                )
            )
        program = (
            self.env["loyalty.program"]
            .sudo()
            .search(
                [("program_type", "=", "gift_card"), ("company_id", "in", (False, self.company_id.id))],
                order="company_id desc, id",
                limit=1,
            )
        )
        product = program.rule_ids.product_ids[:1]
        account = product.product_tmpl_id._get_product_accounts()["income"] if product else False
        if not program or not account:
            raise UserError(
                self.env._(
                    "%(company)s has no gift card program with a gift card product and its income account: set "
                    "them up in the Loyalty app, or refund %(order)s as store credit or pay it back.",
                    company=self.company_id.name,
                    order=self.name,
                )
            )
        return program, account

    def _layaway_refund_to_gift_card(self, credit_note, amount):
        """Pay the open `credit_note` (the customer's credit of `amount`) with a new gift card of
        that value: an entry Dr Receivable / Cr the gift card account, reconciled with it, and
        the card for the customer. Returns the ``loyalty.card``."""
        program, account = self._layaway_gift_card_program()
        company = self.company_id
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")], limit=1
        )
        receivable = credit_note.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        partner = receivable.partner_id[:1] or self.partner_invoice_id.commercial_partner_id
        label = self.env._("Layaway %s: refunded to a gift card", self.name)
        card = (
            self.env["loyalty.card"]
            .sudo()
            .create({"program_id": program.id, "partner_id": self.partner_id.id, "points": amount})
        )
        lines = [
            {"name": label, "account_id": receivable.account_id[:1].id, "partner_id": partner.id, "debit": amount},
            {"name": f"{label} ({card.code})", "account_id": account.id, "credit": amount},
        ]
        values = {
            "ref": f"{label} ({card.code})",
            "date": credit_note.date,
            "journal_id": journal.id,
            "move_type": "entry",
            "line_ids": [Command.create(line) for line in lines],
        }
        # sudo: the refund is checked by the caller; the gift card's entry is its bookkeeping.
        entry = self.env["account.move"].sudo().create(values)
        entry.action_post()
        (receivable | entry.line_ids.filtered(lambda line: line.account_id == receivable.account_id)).reconcile()
        self.message_post(
            body=self.env._(
                "%(amount)s refunded to gift card %(code)s.", amount=self._layaway_money(amount), code=card.code
            )
        )
        return card
