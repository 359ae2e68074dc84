from odoo import Command, models
from odoo.exceptions import UserError
from odoo.tools import format_date

# Longest payment reference: a SEPA transfer's remittance information (140 characters).
REFERENCE_MAX_LENGTH = 140


class SaleOrder(models.Model):
    """All of a layaway's bookkeeping: accounts, journals, down-payment lines and invoices,
    the final invoice and the cancellation entries. The other files call these methods
    and write no journal entry themselves."""

    _inherit = "sale.order"

    def _layaway_default_journal(self):
        """The company's first bank or cash journal: where payments go when none is chosen."""
        if not self:
            return self.env["account.journal"]
        return self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self.company_id), ("type", "in", ("bank", "cash"))],
            limit=1,
        )

    def _layaway_journal(self, journal_id):
        journal = (
            self.env["layaway.input"]._record("account.journal", journal_id, self.env._("The journal"), optional=True)
            or self._layaway_default_journal()
        )
        if not journal or journal.type not in ("bank", "cash") or journal.company_id != self.company_id:
            raise UserError(
                self.env._("Choose a bank or cash journal of %s to register the payment in.", self.company_id.name)
            )
        return journal

    def _layaway_payment_details(self, payment_date, reference, starting=False):
        """The day and reference of money received in the back office, checked.

        :param payment_date: a date or ``YYYY-MM-DD`` (default: today in the company's time
            zone); never after today, never before the layaway's start (unless `starting`:
            the deposit's day is the start).
        :param str reference: free text (cheque number, transfer reference), optional.
        :return: ``(date, reference)``, the reference stripped (False when empty).
        """
        self.ensure_one()
        check = self.env["layaway.input"]
        today = self.company_id._layaway_today()
        day = check._date(payment_date, self.env._("The payment date")) if payment_date else today
        reference = check._text(reference, self.env._("The payment reference"), max_length=REFERENCE_MAX_LENGTH)
        if day > today:
            raise UserError(
                self.env._(
                    "%(date)s is after today: a payment cannot be dated after today. Register it on the day "
                    "the money is received.",
                    date=format_date(self.env, day),
                )
            )
        if not starting and self.layaway_start_date and day < self.layaway_start_date:
            raise UserError(
                self.env._(
                    "%(date)s is before layaway %(order)s started (%(start)s): date the payment on or after its start.",
                    date=format_date(self.env, day),
                    order=self.name,
                    start=format_date(self.env, self.layaway_start_date),
                )
            )
        return day, reference or False

    def _layaway_company_amount(self, amount, day=None):
        """`amount` of the layaway's currency in the company's, at the rate of `day` (default: today)."""
        company = self.company_id
        if self.currency_id == company.currency_id:
            return self.currency_id.round(amount)
        return self.currency_id._convert(amount, company.currency_id, company, day or company._layaway_today())

    def _layaway_accounts(self):
        company = self.company_id
        if not company.layaway_deposit_account_id or not company.layaway_forfeit_account_id:
            raise UserError(
                self.env._(
                    "Set the Customer Deposits and Layaway Forfeit Income accounts of %s "
                    "in Sales > Configuration > Settings > Layaway.",
                    company.name,
                )
            )
        return company.layaway_deposit_account_id, company.layaway_forfeit_account_id

    def _layaway_book_payment(self, amount, journal, kind, payment_date, reference=False):
        """Back-office money: a down-payment invoice on the deposit account, paid at once.

        As Odoo's Register Payment does: the invoice is dated `payment_date` and carries the
        `reference` (its journal items show it), the payment is dated that day with the
        reference as memo (its entry's reference).
        """
        deposit_account, _forfeit = self._layaway_accounts()
        order = self.sudo()
        so_line = order._layaway_create_down_payment_line(amount, payment_date)
        label = self.env._("Layaway deposit") if kind == "deposit" else self.env._("Layaway installment")
        invoice_values = {"invoice_date": payment_date}
        if reference:
            invoice_values["ref"] = reference
        invoice = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    **order._prepare_invoice(),
                    **invoice_values,
                    "invoice_line_ids": [
                        Command.create(
                            so_line._prepare_invoice_line(
                                name=f"{label} {order.name}", quantity=1.0, account_id=deposit_account.id
                            )
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        register_values = {"journal_id": journal.id, "amount": amount, "payment_date": payment_date}
        if reference:
            register_values["communication"] = reference
        payment = (
            self.env["account.payment.register"]
            .sudo()
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(register_values)
            ._create_payments()
        )
        return {
            "amount_untaxed_company": self._layaway_company_amount(so_line.price_unit, payment_date),
            "invoice_id": invoice.id,
            "account_payment_id": payment.id,
            "sale_line_id": so_line.id,
            "journal_id": journal.id,
        }

    def _layaway_create_down_payment_line(self, amount, payment_date):
        """A down-payment line of the order for `amount` (taxes included) received on
        `payment_date`, on the deposit product."""
        product = self.company_id._layaway_deposit_product()
        taxes = product.taxes_id._filter_taxes_by_company(self.company_id)
        taxes = self.fiscal_position_id.map_tax(taxes)
        price_unit = amount
        if taxes:
            # Amounts received include the tax the deposit carries: find the base.
            AccountTax = self.env["account.tax"]
            base_line = AccountTax._prepare_base_line_for_taxes_computation(
                None,
                price_unit=amount,
                quantity=1.0,
                tax_ids=taxes,
                currency_id=self.currency_id,
                special_mode="total_included",
            )
            AccountTax._add_tax_details_in_base_lines([base_line], self.company_id)
            price_unit = base_line["tax_details"]["raw_total_excluded_currency"]
        self._create_down_payment_section_line_if_needed()
        return (
            self.env["sale.order.line"]
            .with_context(sale_no_log_for_new_lines=True)
            .create(
                {
                    "order_id": self.id,
                    "is_downpayment": True,
                    "product_id": product.id,
                    "name": self.env._("Layaway payment %(date)s", date=format_date(self.env, payment_date)),
                    "product_uom_qty": 0.0,
                    "price_unit": price_unit,
                    "tax_ids": [Command.set(taxes.ids)],
                    "sequence": max(self.order_line.mapped("sequence") or [10]) + 1,
                }
            )
        )

    def _layaway_final_invoice(self):
        """The goods' invoice with every down payment deducted: revenue and tax now."""
        order = self.sudo()
        invoice = order.with_context(layaway_completing=True)._create_invoices(final=True)
        # The company's day, as the layaway's closed date (posting would take the user's).
        invoice.invoice_date = self.company_id._layaway_today()
        invoice.action_post()
        return invoice.sudo(self.env.su)

    def _layaway_cancel_entries(self, paid, fee, journal):
        """A credit note: the deposits leave the liability account, the fee goes to income.

        The customer's credit (paid - fee) is paid back from `journal`, or left open as a
        credit to use on a later invoice.
        """
        deposit_account, forfeit_account = self._layaway_accounts()
        order = self.sudo()
        lines = [
            Command.create(
                {
                    "name": self.env._("Layaway deposits returned %s", order.name),
                    "account_id": deposit_account.id,
                    "quantity": 1.0,
                    "price_unit": paid,
                    "tax_ids": [Command.clear()],
                }
            )
        ]
        if not self.currency_id.is_zero(fee):
            lines.append(
                Command.create(
                    {
                        "name": self.env._("Layaway cancellation fee %s", order.name),
                        "account_id": forfeit_account.id,
                        "quantity": 1.0,
                        "price_unit": -fee,
                        "tax_ids": [Command.clear()],
                    }
                )
            )
        credit_note = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": order.partner_invoice_id.id,
                    "invoice_origin": order.name,
                    "ref": self.env._("Layaway %s cancelled", order.name),
                    "invoice_date": order.company_id._layaway_today(),
                    "currency_id": order.currency_id.id,
                    "company_id": order.company_id.id,
                    "invoice_line_ids": lines,
                }
            )
        )
        credit_note.action_post()
        if journal and not self.currency_id.is_zero(paid - fee):
            self.env["account.payment.register"].sudo().with_context(
                active_model="account.move", active_ids=credit_note.ids
            ).create({"journal_id": journal.id, "payment_date": credit_note.invoice_date})._create_payments()
        return credit_note

    # ------------------------------------------------------------------
    # Scheduled job
    # ------------------------------------------------------------------

    def _layaway_pos_down_payment(self, pos_lines):
        """The POS payment as a down-payment line of the order, the way pos_sale books them."""
        AccountTax = self.env["account.tax"]
        base_lines = pos_lines._prepare_tax_base_line_values()
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        order = self.sudo()
        order._create_down_payment_section_line_if_needed()
        return order._create_down_payment_lines_from_base_lines(base_lines)
