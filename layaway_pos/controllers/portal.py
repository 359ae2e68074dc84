from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request
from odoo.tools.safe_eval import safe_eval, time

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

LAYAWAYS_PER_PAGE = 20
CONTRACT_REPORT = "layaway_pos.action_report_layaway_contract"


class LayawayPortal(CustomerPortal):
    """My Layaways: the customer's own layaways, their schedule, payments and contract."""

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
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound() from None
        if not order_sudo.layaway_plan_id or order_sudo.layaway_state in (False, "draft"):
            raise NotFound()
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
        values = self._get_page_view_values(
            order_sudo,
            access_token,
            {
                "layaway": order_sudo,
                "installments": order_sudo.layaway_installment_ids.sorted(lambda i: (i.due_date, i.sequence)),
                "payments": order_sudo.layaway_payment_ids.sorted("date"),
                "page_name": "layaway_detail",
                "token": access_token,
            },
            "my_layaways_history",
            False,
        )
        return request.render("layaway_pos.portal_my_layaway", values)

    def _layaway_contract_filename(self, order):
        """The contract PDF's file name: its report's print name (``Layaway Contract - S00031.pdf``)."""
        report = request.env.ref(CONTRACT_REPORT).sudo()
        name = safe_eval(report.print_report_name, {"object": order, "time": time})
        return f"{name}.pdf"
