from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Another store: the goods a layaway set aside travel to the store where the customer
    picks them up, as Odoo's resupply routes move goods between warehouses (a delivery of the
    sending warehouse to the company's transit location, a receipt of the receiving one)."""

    _inherit = "sale.order"

    layaway_transfer_id = fields.Many2one(
        "stock.picking",
        "Transfer to Another Store",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The receipt of the goods set aside at the store they were sent to. The layaway moves to "
        "that store when the receipt is validated.",
    )

    def action_layaway_transfer(self, warehouse_id):
        """Send the goods this layaway set aside to another store (warehouse) of its company.

        Two transfers, as Odoo moves goods between warehouses: the sending store's delivery from
        its layaway location to the company's transit location (ready: the goods are reserved for
        it), and the receiving store's receipt from transit into its layaway location. When the
        receipt is validated the layaway belongs to the receiving store (its warehouse), and its
        delivery leaves from there; until then it cannot be picked up, completed or cancelled.

        :param int warehouse_id: the store to send the goods to (a warehouse of the layaway's company).
        :raises UserError: the layaway is not active or paid, holds no goods (plan without
            reservation), its goods are at that store already or on their way somewhere.
        :return: the sending store's transfer (``stock.picking``)
        """
        self.ensure_one()
        self._layaway_check_group()
        warehouse = self.env["layaway.input"]._record("stock.warehouse", warehouse_id, self.env._("The store"))
        if warehouse.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "%(store)s is a store of another company than layaway %(order)s: choose a store of %(company)s.",
                    store=warehouse.name,
                    order=self.name,
                    company=self.company_id.name,
                )
            )
        self._layaway_lock()
        # sudo: the user and the store are checked; the transfers are the layaway's to make.
        return self.sudo()._layaway_transfer(warehouse.sudo())

    @api.model
    def layaway_pos_transfer(self, order_id, config_id):
        """The register's Transfer here: the layaway's goods are sent to the register's store.

        :return: the layaway's ``layaway_pos_detail`` once the transfer is made.
        """
        config = self._layaway_pos_config(config_id)
        order = self._layaway_pos_order(order_id, config)
        warehouse = config.sudo().picking_type_id.warehouse_id
        if not warehouse:
            raise UserError(
                self.env._(
                    "The register %(config)s takes its goods from no store: set its Operation Type to a "
                    "warehouse's, then try again.",
                    config=config.name,
                )
            )
        order._layaway_lock()
        order._layaway_transfer(warehouse)
        return self.layaway_pos_detail(order.id, config.id)

    def _layaway_transfer(self, warehouse):
        """The transfers of the goods set aside to `warehouse` (checked: see action_layaway_transfer)."""
        self.ensure_one()
        self._layaway_check_transferable(warehouse)
        source = self.warehouse_id._layaway_location()
        destination = warehouse._layaway_location()
        transit = self.company_id.internal_transit_location_id
        if not transit.active:
            # As core's resupply routes do (stock.warehouse.create_resupply_routes).
            transit.active = True
        # The delivery reserved the goods in the layaway location: the shipment takes them.
        deliveries = self._layaway_delivery_pickings()
        deliveries.do_unreserve()
        origin = self.env._("%(order)s (layaway sent to %(store)s)", order=self.name, store=warehouse.name)
        Picking = self.env["stock.picking"]
        receipt = Picking.create(
            self._layaway_picking_values(
                warehouse.in_type_id,
                transit,
                destination,
                self.warehouse_id.partner_id or self.company_id.partner_id,
                origin,
            )
        )
        # Chained as core chains a resupply route's moves: the receipt waits for the shipment.
        shipment = Picking.create(
            self._layaway_picking_values(
                self.warehouse_id.out_type_id,
                source,
                transit,
                warehouse.partner_id or self.company_id.partner_id,
                origin,
                lambda product: {
                    "move_dest_ids": [Command.link(m.id) for m in receipt.move_ids if m.product_id == product]
                },
            )
        )
        shipment.action_confirm()
        receipt.action_confirm()
        shipment.action_assign()
        if shipment.state != "assigned":
            raise UserError(
                self.env._(
                    "The goods of %(order)s are no longer all in %(location)s: count them there and set them "
                    "aside again before sending them to %(store)s.",
                    order=self.name,
                    location=source.display_name,
                    store=warehouse.name,
                )
            )
        # A field of sale.order (sale_order.py). pylint: disable-next=attribute-defined-outside-init
        self.layaway_reserve_picking_ids = [Command.link(shipment.id), Command.link(receipt.id)]
        self.layaway_transfer_id = receipt
        self.message_post(
            body=self.env._(
                "Goods set aside sent from %(sender)s to %(store)s: %(shipment)s, received there with %(receipt)s. "
                "The layaway is picked up at %(store)s once they are received.",
                sender=self.warehouse_id.name,
                store=warehouse.name,
                shipment=shipment.name,
                receipt=receipt.name,
            )
        )
        return shipment

    def _layaway_check_transferable(self, warehouse):
        """Refuse, saying what to do, a transfer of this layaway's goods to `warehouse`."""
        _ = self.env._
        if self.layaway_state not in ("active", "paid"):
            raise UserError(
                _(
                    "Layaway %(order)s has no goods on hold to send to another store: it is %(state)s.",
                    order=self.name,
                    state=self._layaway_state_label().lower(),
                )
            )
        if self.layaway_plan_id.stock_policy != "reserve" or not self._layaway_storable_needs():
            raise UserError(
                _(
                    "Layaway %(order)s sets no goods aside (plan %(plan)s): nothing to send. It can be picked up at "
                    "any store of %(company)s, from that store's stock.",
                    order=self.name,
                    plan=self.layaway_plan_id.name,
                    company=self.company_id.name,
                )
            )
        self._layaway_check_not_in_transit()
        if warehouse == self.warehouse_id:
            raise UserError(
                _(
                    "The goods of %(order)s are at %(store)s already: hand them over there.",
                    order=self.name,
                    store=warehouse.name,
                )
            )

    def _layaway_pending_transfer(self):
        """The receipt of the goods on their way to another store, if any."""
        self.ensure_one()
        receipt = self.sudo().layaway_transfer_id
        return receipt if receipt.state not in ("done", "cancel", False) else receipt.browse()

    def _layaway_check_not_in_transit(self):
        """Refuse to move, hand over or put back goods that are on their way to another store."""
        for order in self:
            receipt = order._layaway_pending_transfer()
            if receipt:
                raise UserError(
                    self.env._(
                        "The goods of %(order)s are %(where)s: wait until that transfer is received there, "
                        "then try again.",
                        order=order.name,
                        where=order._layaway_goods_whereabouts(),
                    )
                )

    def _layaway_goods_whereabouts(self):
        """Where the goods set aside are, in the user's words (a store, or a transfer to one)."""
        self.ensure_one()
        receipt = self._layaway_pending_transfer()
        if not receipt:
            return self.env._(
                "at %(store)s (%(location)s)",
                store=self.warehouse_id.name,
                location=self.sudo().warehouse_id._layaway_location().display_name,
            )
        shipment = receipt.move_ids.move_orig_ids.picking_id
        if shipment.filtered(lambda p: p.state != "done"):
            return self.env._(
                "in transit to %(store)s, to be sent from %(sender)s (%(transfers)s)",
                store=receipt.picking_type_id.warehouse_id.name,
                sender=shipment.picking_type_id.warehouse_id.name,
                transfers=", ".join((shipment | receipt).mapped("name")),
            )
        return self.env._(
            "in transit to %(store)s (%(transfer)s)",
            store=receipt.picking_type_id.warehouse_id.name,
            transfer=receipt.name,
        )

    def _layaway_transfer_received(self):
        """The goods arrived at the store they were sent to: the layaway belongs to that store now,
        its delivery leaves from that store's layaway location."""
        for order in self:
            receipt = order.layaway_transfer_id
            warehouse = receipt.picking_type_id.warehouse_id
            order._layaway_delivery_pickings().action_cancel()
            was_locked = order.locked
            if was_locked:
                order.action_unlock()
            order.warehouse_id = warehouse
            order.order_line._action_launch_stock_rule()
            order._layaway_deliver_from(warehouse._layaway_location())
            if was_locked:
                order.action_lock()
            order.message_post(
                body=self.env._(
                    "Goods set aside received at %(store)s (%(transfer)s): the layaway is picked up there.",
                    store=warehouse.name,
                    transfer=receipt.name,
                )
            )

    def _layaway_pos_goods_status(self, config):
        """What the register's detail says about the goods for `config`: where they are, whether they
        can be handed over here, or sent here."""
        self.ensure_one()
        here = config.picking_type_id.warehouse_id
        held = self.layaway_state in ("active", "paid") and self.layaway_plan_id.stock_policy == "reserve"
        held = held and bool(self._layaway_storable_needs())
        in_transit = bool(self._layaway_pending_transfer())
        return {
            "goods_where": self._layaway_goods_whereabouts() if held else "",
            "goods_here": not held or (not in_transit and self.warehouse_id == here),
            "goods_in_transit": in_transit,
            "can_transfer_here": held and not in_transit and bool(here) and self.warehouse_id != here,
            "store_name": here.name or "",
        }

    @api.model
    def layaway_pos_detail(self, order_id, config_id=False):
        """The detail, with where the goods are for the register asking (``_layaway_pos_goods_status``)."""
        detail = super().layaway_pos_detail(order_id, config_id)
        if config_id:
            # Checked by super (the register, the layaway of its company).
            config = self.env["pos.config"].sudo().browse(config_id)
            order = self.sudo().browse(detail["id"])
            detail.update(order._layaway_pos_goods_status(config), reschedule=order._layaway_pos_reschedule_terms())
        return detail

    def _layaway_pos_before_completion(self, config=False):
        """A pick-up at a register of another store than the goods' is refused until they are
        received there; a plan that reserves nothing takes them from the register's stock."""
        if self.layaway_plan_id.stock_policy == "reserve" and self._layaway_storable_needs():
            self._layaway_check_not_in_transit()
            here = config and config.picking_type_id.warehouse_id
            if here and self.warehouse_id != here and self.layaway_state in ("active", "paid"):
                raise UserError(
                    self.env._(
                        "The goods of %(order)s are set aside %(where)s: send them here first (Transfer here on the "
                        "Layaways screen), or hand them over at %(store)s.",
                        order=self.name,
                        where=self._layaway_goods_whereabouts(),
                        store=self.warehouse_id.name,
                    )
                )
        return super()._layaway_pos_before_completion(config)

    def _layaway_deliver_goods(self):
        """Not while the goods are on their way to another store."""
        self._layaway_check_not_in_transit()
        return super()._layaway_deliver_goods()

    def _layaway_release_goods(self):
        """Not while the goods are on their way to another store."""
        self._layaway_check_not_in_transit()
        return super()._layaway_release_goods()
