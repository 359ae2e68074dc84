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

    def _layaway_book_payment(self, amount, journal, kind, payment_date, reference=False, transaction=None):
        """Back-office money: a down-payment invoice on the deposit account, paid at once.

        As Odoo's Register Payment does: the invoice is dated `payment_date` and carries the
        `reference` (its journal items show it), the payment is dated that day with the
        reference as memo (its entry's reference). `amount` is in the order's currency, as the
        invoice; the payment is in `journal`'s currency, the invoice's total converted at the
        day's rate by Odoo's payment wizard. Online money (`transaction`) is paid by the
        transaction's own payment instead, reconciled with the invoice as Odoo's invoice
        payments are (what it brings beyond the invoice stays open: the customer's credit).
        """
        if self.layaway_recognition == "on_start":
            return self._layaway_book_sale_payment(amount, journal, payment_date, reference, transaction)
        deposit_account, _forfeit = self._layaway_accounts()
        order = self.sudo()
        so_lines = order._layaway_advance_lines(amount, payment_date)
        label = self.env._("Layaway deposit") if kind == "deposit" else self.env._("Layaway installment")
        invoice_values = {"invoice_date": payment_date}
        if reference:
            invoice_values["ref"] = reference
        invoice = self._layaway_posted_invoice(
            invoice_values,
            [
                so_line._prepare_invoice_line(name=f"{label} {order.name}", quantity=1.0, account_id=deposit_account.id)
                for so_line in so_lines
            ],
        )
        # No amount: the wizard pays the invoice total, converted to the journal's currency.
        payment = (
            transaction._layaway_pay_invoice(invoice)
            if transaction
            else self._layaway_pay_move(invoice, journal, payment_date, reference)
        )
        return {
            # What the invoice credits Customer Deposits: without its tax, in the company's currency.
            "amount_untaxed_company": -sum(
                invoice.line_ids.filtered(lambda line: line.account_id == deposit_account).mapped("balance")
            ),
            "invoice_id": invoice.id,
            "account_payment_id": payment.id,
            "sale_line_id": so_lines[:1].id,
            "journal_id": journal.id,
        }

    def _layaway_posted_invoice(self, values, lines):
        """A customer invoice of the order (Odoo's `_prepare_invoice`, then `values`) with `lines`
        (invoice line values), posted. sudo: called once the action is checked."""
        invoice = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    **self.sudo()._prepare_invoice(),
                    **values,
                    "invoice_line_ids": [Command.create(line) for line in lines],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _layaway_pay_move(self, move, journal, payment_date, reference=False, **values):
        """Pay (or pay back) `move` from `journal` with Odoo's Register Payment wizard, dated
        `payment_date`, the `reference` as memo; `values` are more of the wizard's fields (a
        partial `amount`). Without an amount the wizard pays the residual, converted to the
        journal's currency. sudo: called once the action is checked. Returns the payment."""
        if reference:
            values["communication"] = reference
        return (
            self.env["account.payment.register"]
            .sudo()
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"journal_id": journal.id, "payment_date": payment_date, **values})
            ._create_payments()
        )

    def _layaway_product_taxes(self, product):
        """`product`'s sales taxes of the order's company, mapped by the order's fiscal position."""
        taxes = product.taxes_id._filter_taxes_by_company(self.company_id)
        return self.fiscal_position_id.map_tax(taxes)

    def _layaway_price_unit(self, total, taxes):
        """The unit price that comes to `total` with `taxes` (taxes included): money received or
        kept is a total, whatever the taxes' price-included setting."""
        if not taxes:
            return total
        AccountTax = self.env["account.tax"]
        base_line = AccountTax._prepare_base_line_for_taxes_computation(
            None,
            price_unit=total,
            quantity=1.0,
            tax_ids=taxes,
            currency_id=self.currency_id,
            special_mode="total_included",
        )
        AccountTax._add_tax_details_in_base_lines([base_line], self.company_id)
        return base_line["tax_details"]["raw_total_excluded_currency"]

    def _layaway_total_with_taxes(self, price_unit, product):
        """What a line of one `product` at `price_unit` comes to, taxes included (the fee lines)."""
        taxes = self._layaway_product_taxes(product)
        if not taxes:
            return self.currency_id.round(price_unit)
        return taxes.compute_all(price_unit, self.currency_id, 1.0, product=product, partner=self.partner_id)[
            "total_included"
        ]

    def _layaway_advance_lines(self, amount, payment_date):
        """The down-payment lines of `amount` received (taxes included), per the company's tax on
        advances: one untaxed line (`none`; the deposit product's own taxes, if it has any), or
        one line per tax of the goods, in their proportions, as Odoo's down payments split them
        (`goods`)."""
        if self.company_id.layaway_advance_tax != "goods":
            return self._layaway_create_down_payment_line(amount, payment_date)
        self._create_down_payment_section_line_if_needed()
        lines = self._create_down_payment_lines_from_base_lines(self._layaway_goods_split(amount))
        lines.name = self.env._("Layaway payment %(date)s", date=format_date(self.env, payment_date))
        return lines

    def _layaway_goods_split(self, amount):
        """Odoo's down-payment base lines for an advance of `amount` (taxes included) split over
        the layaway's goods and service fee by tax (`account.tax._prepare_down_payment_lines`).
        A draft's fee is counted as its start will add it, so that the register's deposit,
        split before the start, is split as the back office's."""
        AccountTax = self.env["account.tax"]
        contract = self.order_line.filtered(lambda line: not line.display_type and not line.is_downpayment)
        base_lines = [line._prepare_base_line_for_taxes_computation() for line in contract]
        if not self._layaway_fee_line() and self.layaway_state in (False, "draft"):
            product = self.company_id._layaway_fee_product()
            fee = self.layaway_plan_id._service_fee(
                self._layaway_goods_untaxed(), self.currency_id, self._layaway_rate_date()
            )
            if not self.currency_id.is_zero(fee):
                base_lines.append(
                    AccountTax._prepare_base_line_for_taxes_computation(
                        None,
                        price_unit=fee,
                        quantity=1.0,
                        tax_ids=self._layaway_product_taxes(product),
                        currency_id=self.currency_id,
                        product_id=product,
                    )
                )
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        return AccountTax._prepare_down_payment_lines(
            base_lines=base_lines,
            company=self.company_id,
            amount_type="fixed",
            amount=amount,
            computation_key="layaway_advance",
        )

    def _layaway_advance_split(self, amount):
        """How an advance of `amount` (taxes included) is booked, per tax: [(taxes, unit price)].
        The register adds one line per part; its sync checks the lines against it."""
        if self.company_id.layaway_advance_tax == "goods":
            # The untaxed amount each part is booked at: its frozen amount when it has one (a
            # small advance's unit price can round apart from it), else its unit price.
            return [
                (
                    line["tax_ids"],
                    line["price_unit"]
                    if line.get("manual_total_excluded_currency") is None
                    else line["manual_total_excluded_currency"],
                )
                for line in self._layaway_goods_split(amount)
            ]
        taxes = self._layaway_product_taxes(self.company_id._layaway_deposit_product())
        return [(taxes, self._layaway_price_unit(amount, taxes))]

    def _layaway_create_down_payment_line(self, amount, payment_date):
        """A down-payment line of the order for `amount` (taxes included) received on
        `payment_date`, on the deposit product."""
        product = self.company_id._layaway_deposit_product()
        taxes = self._layaway_product_taxes(product)
        # Amounts received include the tax the deposit carries: find the base.
        price_unit = self._layaway_price_unit(amount, taxes)
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
        if not invoice.currency_id.is_zero(invoice.amount_total):
            # The deposits must pay the goods exactly: anything else is a contract changed behind
            # the layaway's back (its lines are frozen once started). The caller's savepoint
            # takes the invoice and the delivery back.
            amount = invoice.amount_total * (-1 if invoice.move_type == "out_refund" else 1)
            raise UserError(
                self.env._(
                    "The final invoice of %(order)s would be %(amount)s instead of zero: its goods or prices no "
                    "longer match what was paid. Settle the difference with Change items, then complete it.",
                    order=self.name,
                    amount=self._layaway_money(amount),
                )
            )
        # The company's day, as the layaway's closed date (posting would take the user's).
        invoice.invoice_date = self.company_id._layaway_today()
        invoice.action_post()
        self._layaway_exchange_difference(invoice)
        return invoice.sudo(self.env.su)

    def _layaway_cancel_entries(self, paid, fee, journal):
        """A credit note: the deposits leave the liability account, the fee goes to income.

        The customer's credit (paid - fee) is paid back from `journal`, or left open as a
        credit to use on a later invoice.
        """
        deposit_account, forfeit_account = self._layaway_accounts()
        order = self.sudo()
        label = self.env._("Layaway deposits returned %s", order.name)
        advances = order._layaway_advance_so_lines()
        if advances.tax_ids:
            # Each advance returned as the final invoice would deduct it (its tax amounts to the
            # cent, whatever the company's tax rounding): their VAT is reversed exactly.
            lines = [
                Command.create(line._prepare_invoice_line(name=label, quantity=1.0, account_id=deposit_account.id))
                for line in advances
            ]
        else:
            lines = [
                Command.create(
                    {
                        "name": label,
                        "account_id": deposit_account.id,
                        "quantity": 1.0,
                        "price_unit": paid,
                        "tax_ids": [Command.clear()],
                    }
                )
            ]
        if not self.currency_id.is_zero(fee):
            # The fee kept is money the customer paid: its product's taxes are inside it.
            taxes = self._layaway_product_taxes(self.company_id._layaway_cancel_fee_product())
            lines.append(
                Command.create(
                    {
                        "name": self.env._("Layaway cancellation fee %s", order.name),
                        "account_id": forfeit_account.id,
                        "quantity": 1.0,
                        "price_unit": -self._layaway_price_unit(fee, taxes),
                        "tax_ids": [Command.set(taxes.ids)],
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
        self._layaway_exchange_difference(credit_note)
        if journal and not self.currency_id.is_zero(paid - fee):
            self._layaway_pay_move(credit_note, journal, credit_note.invoice_date)
        return credit_note

    def _layaway_advance_so_lines(self):
        """The down-payment lines of the order (not their section): the advances booked."""
        return self.order_line.filtered(lambda line: line.is_downpayment and not line.display_type)

    def _layaway_advance_parts(self):
        """The advances received, per tax they carried, to the cent they were booked at (their
        tax amounts frozen when taken, Odoo's `extra_tax_data`): [{taxes, untaxed, untaxed_company,
        tax_amounts: {tax: [amount, amount in company currency, base, base in company currency]}}]."""
        AccountTax = self.env["account.tax"]
        advances = self._layaway_advance_so_lines()
        base_lines = [line._prepare_base_line_for_taxes_computation(quantity=1.0) for line in advances]
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        parts = {}
        for base_line in base_lines:
            details = base_line["tax_details"]
            part = parts.setdefault(
                base_line["tax_ids"],
                {"taxes": base_line["tax_ids"], "untaxed": 0.0, "untaxed_company": 0.0, "tax_amounts": {}},
            )
            part["untaxed"] += details["total_excluded_currency"] + details["delta_total_excluded_currency"]
            part["untaxed_company"] += details["total_excluded"] + details["delta_total_excluded"]
            for tax_data in details["taxes_data"]:
                amounts = part["tax_amounts"].setdefault(tax_data["tax"], [0.0, 0.0, 0.0, 0.0])
                for index, key in enumerate(
                    ("tax_amount_currency", "tax_amount", "base_amount_currency", "base_amount")
                ):
                    amounts[index] += tax_data[key]
        return list(parts.values())

    def _layaway_advances_by_tax(self, paid):
        """What the advances received come to, per tax they carried: [(taxes, untaxed amount)]:
        the register applies (pick-up) or returns (cancellation) them with their own taxes, and
        its sync checks its lines against these. Untaxed advances are one line of `paid`."""
        if not self._layaway_advance_so_lines().tax_ids:
            return [(self.env["account.tax"], paid)]
        return [(part["taxes"], self.currency_id.round(part["untaxed"])) for part in self._layaway_advance_parts()]

    def _layaway_advances_for_register(self, paid):
        """The register's lines that apply or return the advances (unit price negative): one per
        tax they carried, each with the advances' own tax amounts (`extra_tax_data`, as pos_sale
        settles down payments), so that the register's documents reverse the VAT to the cent.

        :return: [{"price_unit", "tax_ids", "extra_tax_data"}], the unit prices positive (the
            register negates them).
        """
        if not self._layaway_advance_so_lines().tax_ids:
            return [{"price_unit": paid, "tax_ids": [], "extra_tax_data": False}]
        round_ = self.currency_id.round
        result = []
        for part in self._layaway_advance_parts():
            untaxed = round_(part["untaxed"])
            extra = False
            if part["tax_amounts"]:
                extra = {
                    "manual_total_excluded_currency": -untaxed,
                    "manual_total_excluded": -self.company_id.currency_id.round(part["untaxed_company"]),
                    "manual_tax_amounts": {
                        str(tax.id): {
                            "tax_amount_currency": -round_(amounts[0]),
                            "tax_amount": -self.company_id.currency_id.round(amounts[1]),
                            "base_amount_currency": -round_(amounts[2]),
                            "base_amount": -self.company_id.currency_id.round(amounts[3]),
                        }
                        for tax, amounts in part["tax_amounts"].items()
                    },
                    "currency_id": self.currency_id.id,
                    "price_unit": -untaxed,
                    "discount": 0.0,
                    "quantity": 1.0,
                    "rate": self.currency_rate or 1.0,
                }
            result.append({"price_unit": untaxed, "tax_ids": part["taxes"].ids, "extra_tax_data": extra})
        return result

    # ------------------------------------------------------------------
    # Scheduled job
    # ------------------------------------------------------------------

    def _layaway_pos_down_payment(self, pos_lines):
        """The POS payment as a down-payment line of the order, the way pos_sale books them."""
        AccountTax = self.env["account.tax"]
        base_lines = pos_lines._prepare_tax_base_line_values()
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        # The amounts as the session books them, to the cent, kept with the line (`extra_tax_data`,
        # as the back office's advances): the final invoice and the register's pick-up or
        # cancellation deduct exactly these, not a tax recomputed from a rounded unit price.
        AccountTax._fix_base_lines_tax_details_on_manual_tax_amounts(base_lines, self.company_id)
        order = self.sudo()
        order._create_down_payment_section_line_if_needed()
        return order._create_down_payment_lines_from_base_lines(base_lines)
