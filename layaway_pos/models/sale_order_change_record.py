from markupsafe import Markup

from odoo import models


class SaleOrder(models.Model):
    """The record of a change of a started layaway (Change items, partial pick-up): goods, total
    and schedule before and after (``layaway.change``), the chatter and the customer's email."""

    _inherit = "sale.order"

    def _layaway_goods_text(self):
        """The goods as lines of text: quantity, unit, product, total with taxes."""
        return "\n".join(
            f"{line.product_uom_qty:g} {line.product_uom_id.name} {line.product_id.display_name}: "
            f"{self._layaway_money(line.price_total)}"
            for line in self._layaway_goods_lines()
            if not line.product_uom_id.is_zero(line.product_uom_qty)
        )

    def _layaway_contract_snapshot(self):
        return {
            "goods": self._layaway_goods_text(),
            "total": self.layaway_amount_total,
            "schedule": self._layaway_schedule_table(self._layaway_schedule_rows()),
        }

    def _layaway_record_change(self, kind, before, **values):
        """The ``layaway.change`` of a change or a partial pick-up (before: `_layaway_contract_snapshot`)."""
        after = self._layaway_contract_snapshot()
        # sudo: changes are the layaway actions' record, never written by their readers.
        return (
            self.env["layaway.change"]
            .sudo()
            .create(
                {
                    "order_id": self.id,
                    "kind": kind,
                    "goods_before": before["goods"],
                    "goods_after": after["goods"],
                    "total_before": before["total"],
                    "total_after": after["total"],
                    "schedule_before": before["schedule"],
                    "schedule_after": after["schedule"],
                    **values,
                }
            )
            .sudo(self.env.su)
        )

    def _layaway_notify_change(self, change):
        """The chatter shows the change; the customer is emailed the new contract and schedule."""
        _ = self.env._
        what = _("Goods changed") if change.kind == "change" else _("Partial pick-up")
        money = []
        if change.amount_received:
            money.append(_("received %s", self._layaway_money(change.amount_received)))
        if change.amount_refunded:
            money.append(
                _(
                    "refunded %(amount)s (%(method)s)",
                    amount=self._layaway_money(change.amount_refunded),
                    method=change._fields["refund_method"].convert_to_export(change.refund_method, change),
                )
            )
        if change.value_taken:
            money.append(_("goods taken worth %s", self._layaway_money(change.value_taken)))
        self.message_post(
            body=Markup("<b>%s</b>: %s<br/>%s <pre>%s</pre>%s <pre>%s</pre>%s%s%s%s")
            % (
                what,
                ", ".join(money) or _("no money moved"),
                _("Goods before:"),
                change.goods_before,
                _("Goods after:"),
                change.goods_after,
                _("Schedule before:"),
                change.schedule_before,
                _("Schedule after:"),
                change.schedule_after,
            )
        )
        if self.partner_id.email:
            self.env.ref("layaway_pos.mail_template_layaway_changed").sudo().send_mail(self.id)
