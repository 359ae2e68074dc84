/**
 * The mixed cart (pure helpers): the lines the cashier marks "Lay away" go on a layaway, the
 * others are sold now, in one register order. The server checks the synced order again.
 *
 * A cart line is read as {name, productId, qty, marked, layawayOk, linked}: `linked` when
 * it settles a sale order (pos_sale), `layawayOk` the product's "Can be laid away".
 */
import {_t} from "@web/core/l10n/translation";

// Plain strings, so callers may compare and concatenate them (_t may return a lazy string).
const tr = (...args) => String(_t(...args));

/** The products of `lines`, each named once. */
function productNames(lines) {
    return [...new Set(lines.map((line) => line.name))].join(", ");
}

/** The refusal for marking `line` "Lay away", or "" when it may be laid away. */
export function layawayMarkError(line) {
    if (line.linked) {
        return tr(
            "%(product)s settles a sale order: it cannot be laid away. Sell it now, or remove it from the cart.",
            {
                product: line.name,
            }
        );
    }
    if (!line.layawayOk) {
        return tr(
            "%(product)s cannot be laid away: only products marked 'Can be laid away' can. Sell it now, or ask a manager to allow it on the product.",
            {product: line.name}
        );
    }
    if (!(line.qty > 0)) {
        return tr("Only goods sold can be laid away: %(product)s is a return.", {product: line.name});
    }
    return "";
}

/**
 * The refusal for a cart whose marked lines are laid away and the others sold now, or ""
 * when it may start a layaway (no line marked: the whole cart is laid away, as before).
 */
export function mixedCartError(lines) {
    const marked = lines.filter((line) => line.marked);
    if (!marked.length) {
        return "";
    }
    for (const line of marked) {
        const error = layawayMarkError(line);
        if (error) {
            return error;
        }
    }
    const sold = lines.filter((line) => !line.marked);
    const linked = sold.filter((line) => line.linked);
    if (linked.length) {
        return tr(
            "This cart settles a sale order (%(products)s): settle it in an order of its own, then lay the goods away.",
            {products: productNames(linked)}
        );
    }
    const returned = sold.filter((line) => !(line.qty > 0));
    if (returned.length) {
        return tr("This cart returns %(products)s: take the return in an order of its own, then lay the goods away.", {
            products: productNames(returned),
        });
    }
    const markedProducts = new Set(marked.map((line) => line.productId));
    const both = sold.filter((line) => markedProducts.has(line.productId));
    if (both.length) {
        return tr(
            "%(products)s is both marked Lay away and sold now: mark every line of that product Lay away, or none.",
            {products: productNames(both)}
        );
    }
    return "";
}
