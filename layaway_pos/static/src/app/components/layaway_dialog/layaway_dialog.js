import {Component} from "@odoo/owl";
import {Dialog} from "@web/core/dialog/dialog";
import {usePos} from "@point_of_sale/app/hooks/pos_hook";

/**
 * What the register's dialogs on an open layaway share: Odoo's Dialog, the layaway's detail
 * (sale.order.layaway_pos_detail) with the dialog service's getPayload and close, the POS store
 * and its money format. Each dialog sets its template and calls super.setup().
 */
export class LayawayDialog extends Component {
    static components = {Dialog};
    static props = {
        layaway: Object,
        getPayload: Function,
        close: Function,
    };

    setup() {
        this.pos = usePos();
        this.format = this.pos.layawayFormat;
    }
}
