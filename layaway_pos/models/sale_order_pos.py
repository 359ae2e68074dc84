from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from ..tools import schedule
from ..tools.states import OPEN_STATES

# The register's search: up to this many matching customers are passed to the layaways' query as ids.
PARTNER_IDS_MAX = 1000


class SaleOrder(models.Model):
    """The register's endpoints (prepare, search, load, detail) and the steps a synced POS
    order runs on its layaway (deposit, installment, pick-up, cancellation)."""

    _inherit = "sale.order"

    # The register's search: a company's open layaways in the screen's order (its states are OPEN_STATES).
    _layaway_pos_search_idx = models.Index(
        "(company_id, layaway_next_due_date, id DESC) WHERE layaway_state IN ('active', 'paid', 'expired')"
    )

    @api.model
    def layaway_pos_prepare(
        self, config_id, partner_id, lines, plan_id=False, installment_count=False, order_id=False, deposit=False
    ):
        """Check a POS cart for a layaway and return its draft order with the preview.

        :param int config_id: the register.
        :param int partner_id: the customer (required).
        :param list lines: the cart's goods, ``[{product_id, qty, price_unit, discount}]``.
        :param int plan_id: a plan of the register (default: its default plan).
        :param int installment_count: within the plan's range (default: the plan's count).
        :param int order_id: the draft returned by a previous call, to change its plan or count.
        :param float deposit: the deposit the cashier typed, for the schedule shown (default:
            the minimum; it is checked again when the deposit is taken).
        :raises UserError: no customer, a product that cannot be laid away, a plan not offered
            here, a count out of range, not enough stock for a reserving plan.
        :return: the preview dict of ``_layaway_pos_preview``.
        """
        config = self._layaway_pos_config(config_id)
        check = self.env["layaway.input"]
        if not partner_id:
            raise UserError(self.env._("Choose the customer first: a layaway is always in a customer's name."))
        partner = check._record("res.partner", partner_id, self.env._("The customer"))
        lines = self._layaway_pos_check_cart(lines)
        plan = check._record("layaway.plan", plan_id, self.env._("The plan"), optional=True)
        installment_count = check._integer(
            installment_count, self.env._("The number of installments"), minimum=1, optional=True
        )
        deposit = check._amount(deposit or 0.0, config.currency_id, self.env._("The deposit"), allow_zero=True)
        order = self._layaway_pos_draft(config, order_id)
        # Cashiers are not salespeople: the checks above are theirs, the writes below sudo.
        self = self.sudo()  # noqa: PLW0642
        config, partner, order = config.sudo(), partner.sudo(), order.sudo()
        plan = plan.sudo() or config.layaway_default_plan_id
        config._layaway_check_plan(plan or config.layaway_plan_ids[:1])
        plan = plan or config.layaway_plan_ids[:1]
        partner_id = partner.id
        if order:
            order.write({"layaway_plan_id": plan.id, "partner_id": partner_id})
        else:
            order = self.create(self._layaway_pos_order_values(config, plan, partner_id, lines))
        order._layaway_check_startable()
        if installment_count:
            order.layaway_installment_count = installment_count
        if plan.stock_policy == "reserve":
            order._layaway_check_availability()
        return order._layaway_pos_preview(deposit)

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
        return lines

    @api.model
    def _layaway_pos_draft(self, config, order_id):
        """The draft a previous preview of this register prepared, still unstarted; none when the
        dialog starts afresh or the draft was started meanwhile. Another register's or another
        company's order is refused."""
        if not order_id:
            return self.browse()
        order = self.env["layaway.input"].sudo()._record("sale.order", order_id, self.env._("The layaway"))
        if order.layaway_pos_config_id != config or not order.layaway_plan_id:
            raise AccessError(
                self.env._(
                    "Layaway %(id)s was not prepared at the register %(config)s.", id=order_id, config=config.name
                )
            )
        if order.layaway_state != "draft" or order.pos_order_line_ids or order.layaway_payment_ids:
            return self.browse()
        return order.sudo(False)

    @api.model
    def _layaway_pos_order_values(self, config, plan, partner_id, lines):
        partner = self.env["res.partner"].browse(partner_id)
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
            fields.Date.context_today(self),
            self.currency_id,
            deposit=deposit,
            installment_count=self.layaway_installment_count,
            service_fee=fee,
        )
        return {
            "order_id": self.id,
            "order_name": self.name,
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
        }

    @api.model
    def layaway_pos_discard(self, order_id, config_id=False):
        """The cashier closed the layaway dialog: drop the draft it prepared (never a started one).

        :param int order_id: the draft returned by ``layaway_pos_prepare``.
        :param int config_id: the register (default: the register that prepared it).
        """
        check = self.env["layaway.input"]
        order = check.sudo()._record("sale.order", order_id, self.env._("The layaway"))
        config = self._layaway_pos_config(config_id or order.layaway_pos_config_id.id)
        draft = self._layaway_pos_draft(config, order.id)
        if draft and draft.sudo().state == "draft":
            draft.sudo().unlink()
        return True

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
        if order.company_id.layaway_advance_tax != "goods":
            return [
                {"price_unit": price_unit, "tax_ids": taxes.ids, "extra_tax_data": False}
                for taxes, price_unit in order._layaway_advance_split(amount)
            ]
        AccountTax = self.env["account.tax"]
        return [
            {
                "price_unit": base_line["price_unit"],
                "tax_ids": base_line["tax_ids"].ids,
                "extra_tax_data": AccountTax._export_base_line_extra_tax_data(base_line) or False,
            }
            for base_line in order._layaway_goods_split(amount)
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
        ``PARTNER_IDS_MAX`` customers the query is broad and the subquery is cheap enough:
        the page is read in order and fills quickly.
        """
        partner_domain = (
            Domain("name", "ilike", query) | Domain("phone", "ilike", query) | Domain("email", "ilike", query)
        )
        Partner = self.env["res.partner"].with_context(active_test=False)
        partners = Partner.search(partner_domain, limit=PARTNER_IDS_MAX + 1, order="id")
        if len(partners) > PARTNER_IDS_MAX:
            return Domain("partner_id", "in", Partner._search(partner_domain))
        return Domain("partner_id", "in", partners.ids)

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
            "amount_residual": self.layaway_amount_residual,
            "next_due_date": fields.Date.to_string(self.layaway_next_due_date) if self.layaway_next_due_date else False,
            "next_due_amount": self.layaway_next_due_amount,
            "is_overdue": self.layaway_is_overdue,
            "expiry_date": fields.Date.to_string(self.layaway_expiry_date) if self.layaway_expiry_date else False,
        }

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
                }
                for line in order._layaway_goods_lines()
            ],
            "cancel_fee": cancel_fee,
            # What was paid, per tax it carried: the pick-up applies it, the cancellation returns it.
            "advances": order._layaway_advances_for_register(order.layaway_amount_paid)
            if order.layaway_amount_paid
            else [],
            # The fee line's unit price: the fee kept includes its product's taxes.
            "cancel_fee_price_unit": order._layaway_price_unit(
                cancel_fee, order._layaway_product_taxes(order.company_id._layaway_cancel_fee_product())
            ),
            "refund_amount": order.currency_id.round(order.layaway_amount_paid - cancel_fee),
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
