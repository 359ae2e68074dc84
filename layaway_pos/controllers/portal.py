from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools.safe_eval import safe_eval, time

from odoo.addons.payment.controllers.portal import PaymentPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

LAYAWAYS_PER_PAGE = 20
CONTRACT_REPORT = "layaway_pos.action_report_layaway_contract"


class LayawayPortal(PaymentPortal):
    """My Layaways: the customer's own layaways, their schedule, payments and contract, and
    paying them online (logged in, or with the access token of the emails, contract and receipts)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "layaway_count" in counters:
            SaleOrder = request.env["sale.order"]
            values["layaway_count"] = (
                SaleOrder.search_count(self._prepare_layaways_domain(request.env.user.partner_id))
                if SaleOrder.has_access("read")
                else 0
            )
        return values

    def _prepare_layaways_domain(self, partner):
        return [
            ("partner_id", "child_of", [partner.commercial_partner_id.id]),
            ("layaway_state", "not in", (False, "draft")),
        ]

    @http.route(["/my/layaways", "/my/layaways/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_layaways(self, page=1, **_kwargs):
        """My Layaways: the list of the customer's layaways, newest first, a page at a time."""
        SaleOrder = request.env["sale.order"]
        domain = self._prepare_layaways_domain(request.env.user.partner_id)
        pager = portal_pager(
            url="/my/layaways", total=SaleOrder.search_count(domain), page=page, step=LAYAWAYS_PER_PAGE
        )
        layaways = SaleOrder.search(
            domain, order="layaway_start_date desc, id desc", limit=LAYAWAYS_PER_PAGE, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {"layaways": layaways.sudo(), "page_name": "layaway", "pager": pager, "default_url": "/my/layaways"}
        )
        return request.render("layaway_pos.portal_my_layaways", values)

    @http.route("/my/layaways/<int:order_id>", type="http", auth="public", website=True)
    def portal_my_layaway(self, order_id, access_token=None, report_type=None, download=False, **_kwargs):
        """One layaway, for its customer (logged in, or with the access token from the emails)."""
        order_sudo = self._layaway_check_access(order_id, access_token)
        if report_type in ("html", "pdf", "text"):
            response = self._show_report(
                model=order_sudo, report_type=report_type, report_ref=CONTRACT_REPORT, download=download
            )
            if report_type == "pdf":
                # The contract's own name, as the back office and the emails give it, not the order's.
                response.headers["Content-Disposition"] = content_disposition(
                    self._layaway_contract_filename(order_sudo), disposition_type="attachment" if download else "inline"
                )
            return response
        return self._layaway_render_page(order_sudo, access_token)

    def _layaway_check_access(self, order_id, access_token):
        """The started layaway `order_id` (sudo) for its customer or its token's holder; 404 otherwise,
        whether it does not exist, is not theirs, or the token is wrong or old."""
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound() from None
        if not order_sudo.layaway_plan_id or order_sudo.layaway_state in (False, "draft"):
            raise NotFound()
        return order_sudo

    def _layaway_render_page(self, order_sudo, access_token, pay_error=None):
        online = order_sudo.layaway_transaction_ids.filtered(
            lambda tx: tx.state != "draft" and tx.operation != "validation"
        ).sorted("id")
        values = self._get_page_view_values(
            order_sudo,
            access_token,
            {
                "layaway": order_sudo,
                "installments": order_sudo.layaway_installment_ids.sorted(lambda i: (i.due_date, i.sequence)),
                "payments": order_sudo.layaway_payment_ids.sorted("date"),
                "page_name": "layaway_detail",
                "token": access_token,
                "can_pay": order_sudo.layaway_state == "active"
                and not order_sudo.currency_id.is_zero(order_sudo.layaway_amount_residual),
                "last_tx": online[-1:],
                "pay_error": pay_error,
                "autopay_tokens": order_sudo._layaway_autopay_tokens(self._layaway_payer(order_sudo))
                if order_sudo.layaway_state == "active"
                else request.env["payment.token"],
            },
            "my_layaways_history",
            False,
        )
        return request.render("layaway_pos.portal_my_layaway", values)

    @staticmethod
    def _layaway_payer(order_sudo):
        """Who pays: the logged-in user's partner, else (the token link) the layaway's customer."""
        user = request.env.user
        return order_sudo.partner_id if user._is_public() else user.partner_id

    @http.route("/my/layaways/<int:order_id>/autopay", type="http", methods=["POST"], auth="public", website=True)
    def portal_layaway_autopay(self, order_id, access_token=None, token_id=None, **_kwargs):
        """Turn autopay on with one of the customer's saved payment methods (`token_id`), or off."""
        order_sudo = self._layaway_check_access(order_id, access_token)
        token = request.env["payment.token"].sudo().browse(self._cast_as_int(token_id) or []).exists()
        try:
            order_sudo._layaway_set_autopay(token, self._layaway_payer(order_sudo))
        except UserError as error:
            return self._layaway_render_page(order_sudo, access_token, pay_error=error.args[0])
        return request.redirect(self._layaway_landing_route(order_sudo))

    @http.route("/my/layaways/<int:order_id>/pay", type="http", methods=["GET"], auth="public", website=True)
    def portal_layaway_pay(self, order_id, access_token=None, choice=None, amount=None, **_kwargs):
        """The provider form for the amount the customer chose: the next installment, the
        balance, or another amount; a refused choice shows the layaway again, with why."""
        order_sudo = self._layaway_check_access(order_id, access_token)
        try:
            amount = order_sudo._layaway_online_amount(choice, amount)
        except UserError as error:
            return self._layaway_render_page(order_sudo, access_token, pay_error=error.args[0])
        values = {
            **self._prepare_portal_layout_values(),
            **self._layaway_payment_form_values(order_sudo, amount),
            "layaway": order_sudo,
            "page_name": "layaway_detail",
            "token": access_token,
        }
        return request.render("layaway_pos.portal_layaway_pay", values)

    def _layaway_payment_form_values(self, order_sudo, amount):
        """What Odoo's payment form needs to pay `amount` of the layaway (as sale's and
        account_payment's portal pages give it)."""
        # Tokens are the payer's: the user's when logged in, else the layaway's customer's.
        partner_sudo = self._layaway_payer(order_sudo)
        company, currency = order_sudo.company_id, order_sudo.currency_id
        availability_report = {}
        # sudo: to read the providers, methods and tokens of a customer who is not logged in.
        providers_sudo = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                company.id, partner_sudo.id, amount, currency_id=currency.id, report=availability_report
            )
        )
        payment_methods_sudo = (
            request.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(
                providers_sudo.ids, partner_sudo.id, currency_id=currency.id, report=availability_report
            )
        )
        tokens_sudo = request.env["payment.token"].sudo()._get_available_tokens(providers_sudo.ids, partner_sudo.id)
        return {
            "company_mismatch": not self._can_partner_pay_in_company(partner_sudo, company),
            "expected_company": company,
            "show_tokenize_input_mapping": self._compute_show_tokenize_input_mapping(providers_sudo),
            "amount": amount,
            "currency": currency,
            "partner_id": partner_sudo.id,
            "providers_sudo": providers_sudo,
            "payment_methods_sudo": payment_methods_sudo,
            "tokens_sudo": tokens_sudo,
            "availability_report": availability_report,
            "transaction_route": f"/my/layaways/{order_sudo.id}/transaction",
            "landing_route": self._layaway_landing_route(order_sudo),
            "access_token": order_sudo._portal_ensure_token(),
        }

    @staticmethod
    def _layaway_landing_route(order_sudo):
        """Back to the layaway's page after paying, with its token: it opens without login."""
        return f"/my/layaways/{order_sudo.id}?access_token={order_sudo._portal_ensure_token()}"

    @http.route("/my/layaways/<int:order_id>/transaction", type="jsonrpc", auth="public")
    def portal_layaway_transaction(self, order_id, access_token=None, **kwargs):
        """Create the draft transaction of an online layaway payment and return its processing
        values; the amount is checked again against the layaway as it is now.

        :raise ValidationError: with a wrong or old token, or another customer's layaway.
        :raise UserError: for an amount out of range or a layaway that takes no payment.
        """
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise ValidationError(request.env._("This layaway link is invalid or has expired.")) from None
        if not order_sudo.layaway_plan_id:
            raise ValidationError(request.env._("This layaway link is invalid or has expired."))
        self._validate_transaction_kwargs(kwargs)
        amount = order_sudo._layaway_check_online_amount(kwargs.pop("amount", None))
        partner_sudo = self._layaway_payer(order_sudo)
        kwargs.update(
            {
                "amount": amount,
                "currency_id": order_sudo.currency_id.id,
                "partner_id": partner_sudo.id,
                # Whatever the page sent: back to this layaway only, and a payment, not a card check.
                "landing_route": self._layaway_landing_route(order_sudo),
                "is_validation": False,
            }
        )
        tx_sudo = self._create_transaction(custom_create_values={"layaway_order_id": order_sudo.id}, **kwargs)
        return tx_sudo._get_processing_values()

    def _layaway_contract_filename(self, order):
        """The contract PDF's file name: its report's print name (``Layaway Contract - S00031.pdf``)."""
        report = request.env.ref(CONTRACT_REPORT).sudo()
        name = safe_eval(report.print_report_name, {"object": order, "time": time})
        return f"{name}.pdf"
