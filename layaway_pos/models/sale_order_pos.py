from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import schedule
from ..tools.states import OPEN_STATES

# The register's search: up to this many matching customers are passed to the layaways' query as ids.
PARTNER_IDS_MAX = 1000


class SaleOrder(models.Model):
    """The register's endpoints (preview, search, load, detail) and the steps a synced POS
    order runs on its layaway (deposit, installment, pick-up, cancellation)."""

    _inherit = "sale.order"

    # The register's search: a company's open layaways in the screen's order (its states are OPEN_STATES).
    _layaway_pos_search_idx = models.Index(
        "(company_id, layaway_next_due_date, id DESC) WHERE layaway_state IN ('active', 'paid', 'expired')"
    )

    @api.model
    def layaway_pos_preview(self, config_id, partner_id, lines, plan_id=False, installment_count=False, deposit=False):
        """What the register's start dialog shows for a cart: it writes nothing.

        The layaway the cart would become is built in memory (``new``) from the same values the
        sync creates it with, so the minimum deposit, the service fee, the schedule and the
        expiry are computed by the order's own rules (taxes by the fiscal position, fees, fixed
        amounts converted); the sync of the deposit's POS order checks them all again.

        :param int config_id: the register.
        :param int partner_id: the customer (required).
        :param list lines: the cart's goods, ``[{product_id, qty, price_unit, discount, tax_ids}]``
            (``tax_ids``: the taxes the register applies, checked against the layaway's).
        :param int plan_id: a plan of the register (default: its default plan).
        :param int installment_count: within the plan's range (default: the plan's count).
        :param float deposit: the deposit the cashier typed, for the schedule shown (default:
            the minimum; it is checked again when the deposit's POS order is synced).
        :raises UserError: no customer, a product that cannot be laid away, a plan not offered
            here, a count out of range, taxes other than the layaway's, not enough stock for a
            reserving plan.
        :return: the preview dict of ``_layaway_pos_preview``.
        """
        values = self._layaway_pos_start_values(config_id, partner_id, lines, plan_id, installment_count)
        # sudo: a cashier is no salesperson; the values were checked above as the cashier.
        order = self.sudo().new({**values, "layaway_state": "draft"})
        deposit = self.env["layaway.input"]._amount(
            deposit or 0.0, order.currency_id, self.env._("The deposit"), allow_zero=True
        )
        order._layaway_pos_check_start(lines)
        return order._layaway_pos_preview(deposit)

    @api.model
    def _layaway_pos_start_values(self, config_id, partner_id, lines, plan_id=False, installment_count=False):
        """The values of the layaway a register's cart starts, once the cashier, the register,
        the customer, the goods, the plan and the count are checked (as the cashier, before any
        sudo). The preview builds the order in memory from them, the sync creates it."""
        config = self._layaway_pos_config(config_id)
        check = self.env["layaway.input"]
        if not partner_id:
            raise UserError(self.env._("Choose the customer first: a layaway is always in a customer's name."))
        partner = check._record("res.partner", partner_id, self.env._("The customer"))
        if partner.company_id and partner.company_id != config.company_id:
            raise AccessError(
                self.env._(
                    "The customer %(partner)s belongs to another company than the register %(config)s.",
                    partner=partner.display_name,
                    config=config.name,
                )
            )
        lines = self._layaway_pos_check_cart(lines)
        plan = check._record("layaway.plan", plan_id, self.env._("The plan"), optional=True)
        installment_count = check._integer(
            installment_count, self.env._("The number of installments"), minimum=1, optional=True
        )
        config = config.sudo()
        plan = plan.sudo() or config.layaway_default_plan_id or config.layaway_plan_ids[:1]
        config._layaway_check_plan(plan)
        values = self._layaway_pos_order_values(config, plan, partner.sudo(), lines)
        if installment_count:
            values["layaway_installment_count"] = installment_count
        return values

    def _layaway_pos_check_start(self, lines):
        """The checks of a layaway the register starts that need the order: it may start, the
        register's taxes are the layaway's, and a reserving plan finds the goods in stock."""
        self.ensure_one()
        self._layaway_check_startable()
        for cart_line, so_line in zip(lines, self._layaway_goods_lines(), strict=True):
            sent = cart_line.get("tax_ids")
            if sent is not None and set(sent) != set(so_line.tax_ids.ids):
                raise UserError(
                    self.env._(
                        "The register applies other taxes to %(product)s (%(sent)s) than the layaway would "
                        "(%(taxes)s). Check the order's fiscal position and the customer, then try again.",
                        product=so_line.product_id.display_name,
                        sent=", ".join(self.env["account.tax"].browse(sent).mapped("name")) or "-",
                        taxes=", ".join(so_line.tax_ids.mapped("name")) or "-",
                    )
                )
        if self.layaway_plan_id.stock_policy == "reserve":
            self._layaway_check_availability()

    @api.model
    def _layaway_pos_check_cart(self, lines):
        """The cart's goods as the register sends them: each with a product, a quantity above
        zero, a price and a discount between 0 and 100."""
        check = self.env["layaway.input"]
        _ = self.env._
        if not lines:
            raise UserError(_("Add the goods to lay away to the cart first."))
        if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
            raise UserError(_("The cart's goods must be a list of lines (product, quantity, price, discount)."))
        currency = self.env.company.currency_id
        for line in lines:
            check._record("product.product", line.get("product_id"), _("The product"))
            quantity = line.get("qty", 1.0)
            if isinstance(quantity, bool) or not isinstance(quantity, (int, float)) or not 0 < quantity < 1e9:
                raise UserError(
                    _("Each quantity must be a number above zero (received %(qty)s).", qty=repr(quantity)[:40])
                )
            check._amount(line.get("price_unit", 0.0), currency, _("The price"), allow_zero=True)
            discount = line.get("discount", 0.0) or 0.0
            if isinstance(discount, bool) or not isinstance(discount, (int, float)) or not 0 <= discount <= 100:
                raise UserError(
                    _("A discount is a percentage between 0 and 100 (received %(value)s).", value=repr(discount)[:40])
                )
            taxes = line.get("tax_ids")
            if taxes is not None and (
                not isinstance(taxes, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in taxes)
            ):
                raise UserError(
                    _("A line's taxes must be a list of tax ids (received %(value)s).", value=repr(taxes)[:40])
                )
        return lines

    @api.model
    def _layaway_pos_order_values(self, config, plan, partner, lines):
        """The layaway of a checked cart: the register's team, pricelist, warehouse and the
        customer's fiscal position (else the register's), the goods at the register's prices."""
        fiscal_position = (
            self.env["account.fiscal.position"]._get_fiscal_position(partner) or config.default_fiscal_position_id
        )
        return {
            "partner_id": partner.id,
            "company_id": config.company_id.id,
            "layaway_plan_id": plan.id,
            "team_id": config.crm_team_id.id,
            "warehouse_id": config.picking_type_id.warehouse_id.id
            or self.env["stock.warehouse"].search([("company_id", "=", config.company_id.id)], limit=1).id,
            "pricelist_id": config.pricelist_id.id,
            "fiscal_position_id": fiscal_position.id,
            "origin": config.name,
            "layaway_pos_config_id": config.id,
            "user_id": self.env.uid,
            "order_line": [
                Command.create(
                    {
                        "product_id": line["product_id"],
                        "product_uom_qty": line.get("qty", 1.0),
                        "price_unit": line.get("price_unit", 0.0),
                        "discount": line.get("discount", 0.0),
                    }
                )
                for line in lines
            ],
        }

    def _layaway_pos_preview(self, deposit=False):
        """What the cashier shows before taking the deposit: the schedule for `deposit`.

        :param float deposit: more than the minimum reschedules the balance; less (or none)
            shows the schedule for the minimum deposit.
        """
        self.ensure_one()
        plan = self.layaway_plan_id
        lines = self._layaway_line_terms()
        fee = self._layaway_service_fee()
        default_count = schedule.installment_count(lines, plan._schedule_terms())
        deposit = self.currency_id.round(deposit or 0.0)
        if self.currency_id.compare_amounts(deposit, self.layaway_min_deposit) < 0:
            deposit = None  # the schedule for the minimum deposit
        result = plan._build_schedule(
            lines,
            # The day the sync will start it: the company's today, as ``_layaway_start``.
            self._layaway_rate_date(),
            self.currency_id,
            deposit=deposit,
            installment_count=self.layaway_installment_count,
            service_fee=fee,
        )
        return {
            "plan_id": plan.id,
            "plan_name": plan.name,
            "installment_count": result.installment_count,
            "installment_min": plan.installment_min,
            "installment_max": max(plan.installment_max, default_count),
            "total": float(result.total),
            "service_fee": fee,
            "min_deposit": float(result.min_deposit),
            "deposit": float(result.deposit),
            "installments": [
                {"sequence": i.sequence, "due_date": fields.Date.to_string(i.due_date), "amount": float(i.amount)}
                for i in result.installments
            ],
            "expiry_date": fields.Date.to_string(result.expiry_date) if result.expiry_date else False,
            # The register's lines for the deposit shown, booked as the sync will check them.
            "deposit_parts": self._layaway_pos_advance_parts(result.deposit),
        }

    @api.model
    def _layaway_pos_sudo(self):
        """Cashiers handle layaways at the register without sales rights: check, then sudo."""
        self._layaway_check_group()
        if not self.env.user.has_group("point_of_sale.group_pos_user"):
            raise AccessError(self.env._("Only Point of Sale users can handle layaways at the register."))
        return self.sudo()

    def _layaway_pos_cashier_sudo(self):
        """These layaways under sudo, for a cashier of any register of their companies (no sales
        rights needed): once the user is checked, and each order is a layaway of their companies."""
        orders = self._layaway_pos_sudo()
        for order in orders:
            if not order.layaway_plan_id or order.company_id not in self.env.user.company_ids:
                raise AccessError(self.env._("%(id)s is not a layaway of your companies.", id=order.id))
        return orders

    @api.model
    def _layaway_pos_config(self, config_id):
        """The register, once the user is a cashier who may use it (its company is one of theirs)
        and it offers layaways. Every register endpoint starts here, before any sudo."""
        self._layaway_pos_sudo()
        config = self.env["layaway.input"]._record("pos.config", config_id, self.env._("The register"))
        if config.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("The register %(config)s is not one of your companies'.", config=config.name))
        config._layaway_check_enabled()
        return config

    @api.model
    def _layaway_pos_order(self, order_id, config):
        """A layaway of the register's company, read under sudo once the register is checked."""
        order = self.env["layaway.input"].sudo()._record("sale.order", order_id, self.env._("The layaway"))
        if not order.layaway_plan_id or order.company_id != config.company_id:
            raise AccessError(
                self.env._("%(id)s is not a layaway of %(company)s.", id=order_id, company=config.company_id.name)
            )
        return order

    @api.model
    def layaway_pos_advance_split(self, order_id, config_id, amount):
        """How the register books `amount` received on a layaway: one line per tax, as the back
        office books it (the company's Tax on layaway advances). The sync checks the lines.

        With tax on advances, each part carries its tax amounts (`extra_tax_data`, as pos_sale's
        down payments do): the register keeps unit prices to the product price's decimals, and
        the frozen amounts keep the lines' total to exactly `amount`.

        :return: a list of {"price_unit", "tax_ids", "extra_tax_data"}
        """
        config = self._layaway_pos_config(config_id)
        order = self._layaway_pos_order(order_id, config)
        amount = self.env["layaway.input"]._amount(amount, order.currency_id, self.env._("The payment"))
        return order._layaway_pos_advance_parts(amount)

    def _layaway_pos_advance_parts(self, amount):
        """The register's lines for `amount` received: ``layaway_pos_advance_split``'s parts."""
        self.ensure_one()
        amount = float(amount)
        if self.company_id.layaway_advance_tax != "goods":
            return [
                {"price_unit": price_unit, "tax_ids": taxes.ids, "extra_tax_data": False}
                for taxes, price_unit in self._layaway_advance_split(amount)
            ]
        AccountTax = self.env["account.tax"]
        return [
            {
                "price_unit": base_line["price_unit"],
                "tax_ids": base_line["tax_ids"].ids,
                "extra_tax_data": AccountTax._export_base_line_extra_tax_data(base_line) or False,
            }
            for base_line in self._layaway_goods_split(amount)
        ]

    @api.model
    def layaway_pos_load(self, order_id, config_id):
        """pos_sale's loading of an order and its products, for a cashier without sales rights."""
        config = self._layaway_pos_config(config_id)
        order = self._layaway_pos_order(order_id, config)
        # Paying, picking up and cancelling at the register all start by loading the order.
        order._layaway_check_not_installment_sale_at_register()
        order._layaway_check_register_currency(config.currency_id)
        return order.load_sale_order_from_pos(config.id)

    @api.model
    def layaway_pos_search(self, config_id, query="", offset=0, limit=20, partner_id=False):
        """One page of the open layaways matching a customer name, phone or reference.

        :param int partner_id: only this customer's layaways (the screen's customer filter).
        :return: ``{"orders": [summary dicts], "has_more": bool}``
        """
        config = self._layaway_pos_config(config_id)
        check = self.env["layaway.input"]
        query = check._text(query, self.env._("The search"), max_length=100)
        partner = check._record("res.partner", partner_id, self.env._("The customer"), optional=True)
        offset = check._integer(offset or 0, self.env._("The page offset"), minimum=0)
        limit = check._integer(limit or 20, self.env._("The page size"), minimum=1, maximum=100)
        self = self.sudo()  # noqa: PLW0642 (checked above: the register's company only)
        domain = Domain("layaway_state", "in", OPEN_STATES) & Domain("company_id", "=", config.company_id.id)
        if partner:
            domain &= Domain("partner_id", "=", partner.id)
        if query:
            domain &= Domain("name", "ilike", query) | self._layaway_pos_partner_condition(query)
        # Served by _layaway_pos_search_idx: the page is read in order, not sorted from every open layaway.
        orders = self.search(domain, offset=offset, limit=limit + 1, order="layaway_next_due_date, id desc")
        return {"orders": [order._layaway_pos_summary() for order in orders[:limit]], "has_more": len(orders) > limit}

    def _layaway_pos_partner_condition(self, query):
        """The layaways of the customers whose name, phone or email contains ``query``.

        The customers are looked up first (archived ones too, as the join did): a short list
        of ids lets PostgreSQL combine the reference's trigram index with the partner_id index
        (an OR across a join or a subquery is a filter over every open layaway). Past
        ``PARTNER_IDS_MAX`` customers the query is broad: each layaway's customer is checked
        as the page is read in order, which fills within its first rows. (A subquery of the
        customers would match every customer first: 90 ms at 100,000 customers for a name
        part that 11,000 of them share; ``OFFSET 0`` keeps it a check per layaway.)
        """
        partner_domain = self._layaway_pos_partner_domain(query)
        Partner = self.env["res.partner"].with_context(active_test=False)
        partners = Partner.search(partner_domain, limit=PARTNER_IDS_MAX + 1, order="id")
        if len(partners) <= PARTNER_IDS_MAX:
            return Domain("partner_id", "in", partners.ids)

        def layaway_customer_matches(_model, alias, _query):
            customers = Partner._search(partner_domain)
            customers.add_where(
                SQL("%s = %s", SQL.identifier(customers.table, "id"), SQL.identifier(alias, "partner_id"))
            )
            return SQL("EXISTS (%s OFFSET 0)", customers.select(SQL("1")))

        return Domain.custom(to_sql=layaway_customer_matches)

    @api.model
    def _layaway_pos_partner_domain(self, query):
        """The customers whose name, phone or email contains ``query`` (each column has a
        trigram index: models/res_partner.py)."""
        return Domain("name", "ilike", query) | Domain("phone", "ilike", query) | Domain("email", "ilike", query)

    def _layaway_pos_summary(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "partner_id": self.partner_id.id,
            # As the register's customer list shows a customer (not "Company, Contact").
            "partner_name": self.partner_id.name,
            "partner_phone": self.partner_id.phone or "",
            "plan_name": self.layaway_plan_id.name,
            "layaway_state": self.layaway_state,
            "layaway_state_label": self._layaway_state_label(),
            "amount_total": self.layaway_amount_total,
            "amount_paid": self.layaway_amount_paid,
            # What the pick-up applies and a cancellation returns: paid, less the goods taken early.
            # (read without the currency when nothing was taken early: the page's queries stay as they were)
            "amount_held": self._layaway_held() if self.layaway_amount_taken else self.layaway_amount_paid,
            "amount_residual": self.layaway_amount_residual,
            "next_due_date": fields.Date.to_string(self.layaway_next_due_date) if self.layaway_next_due_date else False,
            "next_due_amount": self.layaway_next_due_amount,
            "is_overdue": self.layaway_is_overdue,
            "expiry_date": fields.Date.to_string(self.layaway_expiry_date) if self.layaway_expiry_date else False,
        }

    def _layaway_original_tender(self, config_id):
        """The payment method of the layaway's latest register payment, when the register `config_id`
        offers it and it takes money (not Customer Account): a refund goes back the way it came."""
        self.ensure_one()
        if not config_id:
            return False
        config = self.env["pos.config"].sudo().browse(config_id)
        payments = self.sudo().layaway_payment_ids.filtered(lambda p: p.pos_order_id and p.amount > 0).sorted("date")
        for payment in reversed(payments):
            methods = payment.pos_order_id.payment_ids.filtered(lambda p: p.amount > 0).payment_method_id
            method = (methods & config.payment_method_ids).filtered("journal_id")[:1]
            if method:
                return method.id
        return False

    @api.model
    def layaway_pos_detail(self, order_id, config_id=False):
        """A layaway for the Layaways screen and the receipt: schedule, payments, terms, cancellation.

        :param int config_id: the register asking (default: any register of the user's companies).
        """
        if config_id:
            order = self._layaway_pos_order(order_id, self._layaway_pos_config(config_id))
        else:
            self._layaway_pos_sudo()
            order = self.env["layaway.input"].sudo()._record("sale.order", order_id, self.env._("The layaway"))
            order = order.with_env(self.env)._layaway_pos_cashier_sudo()
        cancel_fee = order._layaway_cancel_fee()
        return {
            **order._layaway_pos_summary(),
            "start_date": fields.Date.to_string(order.layaway_start_date) if order.layaway_start_date else False,
            "deposit_amount": order.layaway_deposit_amount,
            "terms": order.layaway_plan_id.terms or "",
            # The register offers hold tags for the goods set aside (report_layaway_hold_tag).
            "goods_held": order.layaway_state in ("active", "paid") and order.layaway_stock_policy == "reserve",
            # The layaway's page with its token: the receipt's QR code, to pay online without login.
            "pay_url": order._layaway_pay_url(),
            "goods": [
                {
                    "product_name": line.product_id.display_name,
                    "qty": line.product_uom_qty,
                    "uom": line.product_uom_id.name,
                    # A partial pick-up ticks these: what is left after the goods taken early.
                    "line_id": line.id,
                    "qty_left": line._layaway_qty_left(),
                    # Change items: the line to change, its value and what must stay (taken early).
                    "product_id": line.product_id.id,
                    "price_total": line.price_total,
                    "qty_taken": line._layaway_qty_taken(),
                }
                for line in order._layaway_goods_lines()
            ],
            "cancel_fee": cancel_fee,
            # The original tender: where a cancellation at this register pays back by default.
            "refund_payment_method_id": order._layaway_original_tender(config_id),
            # What was paid, per tax it carried: the pick-up applies it, the cancellation returns it.
            "advances": order._layaway_advances_for_register(order._layaway_held()) if order._layaway_held() else [],
            # The fee line's unit price: the fee kept includes its product's taxes.
            "cancel_fee_price_unit": order._layaway_price_unit(
                cancel_fee, order._layaway_product_taxes(order.company_id._layaway_cancel_fee_product())
            ),
            "refund_amount": order.currency_id.round(order._layaway_held() - cancel_fee),
            "installments": [
                {
                    "sequence": i.sequence,
                    "due_date": fields.Date.to_string(i.due_date),
                    "amount": i.amount,
                    "amount_paid": i.amount_paid,
                    "state": i.state,
                    "state_label": i._fields["state"].convert_to_export(i.state, i),
                }
                for i in order.layaway_installment_ids.sorted(lambda i: (i.due_date, i.sequence))
            ],
            "payments": [
                {
                    "date": fields.Datetime.to_string(p.date),
                    "amount": p.amount,
                    "kind": p.kind,
                    "kind_label": p._layaway_label("kind"),
                    "channel": p.channel,
                    "pos_order_id": p.pos_order_id.id,
                }
                for p in order.sudo().layaway_payment_ids
            ],
        }
