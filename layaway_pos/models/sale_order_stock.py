from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class SaleOrder(models.Model):
    """A layaway's goods: availability, the layaway location, delivery and restocking."""

    _inherit = "sale.order"

    layaway_stock_policy = fields.Selection(related="layaway_plan_id.stock_policy", string="Layaway Stock Policy")

    def _layaway_storable_needs(self):
        """{product: quantity in its unit} of goods that move in stock, not handed over yet."""
        needs = {}
        for line in self._layaway_goods_lines().filtered(lambda sol: sol.product_id.is_storable):
            left = line.product_uom_qty - line.qty_delivered
            if line.product_uom_id.compare(left, 0.0) <= 0:
                continue
            qty = line.product_uom_id._compute_quantity(left, line.product_id.uom_id)
            needs[line.product_id] = needs.get(line.product_id, 0.0) + qty
        return needs

    def _layaway_hold_tag_lines(self):
        """The goods lines that get a hold tag, one each: the goods set aside for running layaways.

        Refuses, naming the order and what to do, a sale order that is not a layaway, a layaway
        that holds nothing yet or any more (draft, expired, closed), and one whose plan sets
        nothing aside before the goods are paid for.
        """
        self._layaway_check_state(("active", "paid"), "hold_tag")
        for order in self:
            if order.layaway_plan_id.stock_policy != "reserve":
                raise UserError(
                    self.env._(
                        "Layaway %(order)s has no goods on hold to tag: its plan %(plan)s sets them aside "
                        "only when they are handed over.",
                        order=order.name,
                        plan=order.layaway_plan_id.name,
                    )
                )
        return self._layaway_goods_lines().filtered(
            lambda line: line.product_id.type == "consu" and line.product_uom_qty > 0
        )

    def _layaway_check_availability(self, location=None):
        """Refuse, naming what is missing, when the warehouse (or `location`) cannot supply the goods."""
        location = location or self.warehouse_id.lot_stock_id
        # Our own reservations (reserve policy) are not free, but they are this order's.
        missing = self._layaway_missing_stock(
            self._layaway_storable_needs(), location, own=self._layaway_reserved_quantities()
        )
        if missing:
            raise UserError(
                self.env._(
                    "Not enough stock in %(location)s for %(order)s:\n%(missing)s\n"
                    "Receive the goods first, then try again.",
                    location=location.display_name,
                    order=self.name,
                    missing="\n".join(missing),
                )
            )

    def _layaway_missing_stock(self, needs, location, own=None):
        """What `location` cannot supply of `needs` ({product: quantity}), counting `own`
        reservations as free: one line per product ("Sofa: 2 needed, 1 available"), or []."""
        if not needs:
            return []
        products = self.env["product.product"].union(*needs).with_context(location=location.id)
        # Quantities are cached per transaction; stock may have moved since they were read.
        products.invalidate_recordset(["free_qty", "qty_available"])
        own = own or {}
        missing = []
        for product in products:
            available = product.free_qty + own.get(product, 0.0)
            if float_compare(available, needs[product], precision_rounding=product.uom_id.rounding) < 0:
                missing.append(
                    self.env._(
                        "%(product)s: %(needed)s needed, %(available)s available",
                        product=product.display_name,
                        needed=needs[product],
                        available=max(available, 0.0),
                    )
                )
        return missing

    def _layaway_reserved_quantities(self):
        moves = self.picking_ids.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        reserved = {}
        for move in moves:
            reserved[move.product_id] = reserved.get(move.product_id, 0.0) + move.quantity
        return reserved

    def _layaway_internal_transfer(self, source, destination, note, quantities=None):
        """Move the storable goods (or `quantities`: {product: quantity}) between two locations at
        once (a done internal transfer)."""
        needs = self._layaway_storable_needs() if quantities is None else quantities
        if not needs:
            return self.env["stock.picking"]
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                self._layaway_picking_values(
                    self.warehouse_id.int_type_id,
                    source,
                    destination,
                    self.partner_id,
                    f"{self.name} ({note})",
                    quantities=needs,
                )
            )
        )
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        # A field of sale.order (sale_order.py). pylint: disable-next=attribute-defined-outside-init
        self.layaway_reserve_picking_ids = [Command.link(picking.id)]
        return picking

    def _layaway_picking_values(  # pylint: disable=too-many-arguments
        self, picking_type, source, destination, partner, origin, move_values=None, quantities=None
    ):
        """A transfer of the storable goods not handed over yet (or `quantities`: {product:
        quantity}) from `source` to `destination`; `move_values(product)` adds to each product's move."""
        if quantities is None:
            quantities = self._layaway_storable_needs()
        return {
            "picking_type_id": picking_type.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "partner_id": partner.id,
            "origin": origin,
            "company_id": self.company_id.id,
            "move_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": qty,
                        "product_uom": product.uom_id.id,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        **(move_values(product) if move_values else {}),
                    }
                )
                for product, qty in quantities.items()
            ],
        }

    def _layaway_delivery_pickings(self):
        return self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
        )

    def _layaway_reserve_goods(self):
        """`reserve` policy: set the goods aside in the layaway location; deliver from there."""
        self.sudo()._layaway_delivery_pickings().do_unreserve()
        self._layaway_internal_transfer(
            self.warehouse_id.lot_stock_id, self.warehouse_id._layaway_location(), self.env._("layaway")
        )
        self._layaway_deliver_from_reserve()

    def _layaway_deliver_from_reserve(self):
        """`reserve` policy: the pending delivery takes the goods from the layaway location."""
        self._layaway_deliver_from(self.warehouse_id._layaway_location())

    def _layaway_deliver_from(self, layaway_location):
        """The delivery leaves from the layaway location, where the goods are set aside."""
        deliveries = self.sudo()._layaway_delivery_pickings()
        deliveries.do_unreserve()
        deliveries.write({"location_id": layaway_location.id})
        deliveries.move_ids.filtered(lambda m: m.location_id == self.warehouse_id.lot_stock_id).write(
            {"location_id": layaway_location.id}
        )
        deliveries.action_assign()

    def _layaway_release_goods(self):
        """Cancellation: move reserved goods back to stock before the delivery is cancelled."""
        if self.layaway_plan_id.stock_policy != "reserve" or self.layaway_state == "draft":
            return
        deliveries = self.sudo()._layaway_delivery_pickings()
        deliveries.do_unreserve()
        self._layaway_internal_transfer(
            self.warehouse_id._layaway_location(), self.warehouse_id.lot_stock_id, self.env._("layaway cancelled")
        )

    def _layaway_deliver_goods(self):
        """Create (on_completion) and validate the delivery of the goods."""
        order = self.sudo()
        if order.locked:
            order.action_unlock()
        if self.layaway_plan_id.stock_policy == "on_completion":
            order.order_line._action_launch_stock_rule()
        for picking in order._layaway_delivery_pickings():
            picking.action_assign()
            for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.with_context(skip_backorder=True, skip_sms=True)._action_done()
