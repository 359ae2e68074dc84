/**
 * Pure helpers of the layaway front end: what the cashier may type, checked before the
 * server checks it again in the sync's transaction.
 */
import {_t} from "@web/core/l10n/translation";

// Plain strings, so callers may compare and concatenate them (_t may return a lazy string).
const tr = (...args) => String(_t(...args));

/**
 * The refusal for a deposit, or "" when it may start the layaway.
 * More than the minimum is allowed, never more than the total.
 * `format` is the register's LayawayFormat: amounts compare and show in its currency.
 */
export function depositError(amount, minDeposit, total, format) {
    if (!(amount > 0) || format.compare(amount, minDeposit) < 0) {
        return tr("The deposit must be at least %s.", format.money(minDeposit));
    }
    if (format.compare(amount, total) > 0) {
        return tr("The deposit cannot be more than the layaway total of %s.", format.money(total));
    }
    return "";
}

/** The refusal for an installment payment, or "" when it may be taken. */
export function paymentError(amount, residual, format) {
    if (!(amount > 0)) {
        return tr("A layaway payment must be more than zero.");
    }
    if (format.compare(amount, residual) > 0) {
        return tr("%(amount)s is more than the balance (%(residual)s). Take at most %(residual)s.", {
            amount: format.money(amount),
            residual: format.money(residual),
        });
    }
    return "";
}

/**
 * Does the order take money with a pay-later method (Odoo's Customer Account)? That is credit
 * given to the customer, not money received: a layaway refuses it (the server too).
 */
export function payLaterUsed(order) {
    return (order.payment_ids || []).some(
        (payment) => payment.payment_method_id?.type === "pay_later" && payment.amount > 0
    );
}

/**
 * The id of the layaway a synced start created: the sale order its deposit lines name as the
 * server sent them back (the register has not loaded that order), or false.
 */
export function startedLayawayId(depositLines) {
    for (const line of depositLines) {
        const origin = line.raw?.sale_order_origin_id;
        const id = Array.isArray(origin) ? origin[0] : (origin?.id ?? origin);
        if (typeof id === "number") {
            return id;
        }
    }
    return false;
}

/** What the "Pay" dialog proposes: what is due next, never more than the balance. */
export function defaultPaymentAmount(layaway, format) {
    const next = layaway.next_due_amount || layaway.amount_residual;
    return format.round(Math.min(next, layaway.amount_residual));
}

/** Does a payment of `amount` settle the layaway (the pick-up)? */
export function settlesBalance(amount, residual, format) {
    return format.compare(amount, residual) >= 0;
}

/** Overdue badge and state labels for the list. */
export function layawayBadges(layaway, today = luxon.DateTime.now().toISODate()) {
    const badges = [];
    if (layaway.is_overdue || (layaway.next_due_date && layaway.next_due_date < today)) {
        badges.push({label: tr("Overdue"), className: "text-bg-danger"});
    }
    if (layaway.layaway_state === "expired") {
        badges.push({label: tr("Expired"), className: "text-bg-warning"});
    }
    if (layaway.layaway_state === "paid") {
        badges.push({label: tr("Ready for pick-up"), className: "text-bg-success"});
    }
    return badges;
}

/**
 * The translated label the server sent with a selection value (`state` -> `state_label`),
 * or the value itself when the server sent none.
 */
export function selectionLabel(values, field) {
    return values[`${field}_label`] || values[field] || "";
}

/**
 * The name of the layaway's money line (a line of the Layaway Deposit product) for the order's
 * pos.order.layaway_kind, or "" when the order is not a layaway's.
 */
export function layawayLineLabel(kind) {
    const labels = {
        deposit: () => tr("Layaway deposit"),
        installment: () => tr("Layaway installment"),
        // The pick-up's negative line: what was paid before, applied to the goods.
        pickup: () => tr("Paid on the layaway"),
        refund: () => tr("Layaway refund"),
        // A partial pick-up's negative line: what was paid, applied to the items taken.
        pickup_partial: () => tr("Applied to the items taken"),
        change: () => tr("Layaway change of items"),
    };
    return labels[kind]?.() || "";
}

/**
 * What a layaway receipt is about: the order's pos.order.layaway_kind when it prints one,
 * else (a reprint) what the layaway's state says.
 */
export function receiptKind(layaway) {
    if (layaway.kind) {
        return layaway.kind;
    }
    return {cancelled: "refund", done: "pickup"}[layaway.layaway_state] || "installment";
}

/** Does the cancellation keep a fee (more than zero in the currency)? Its receipt line shows only then. */
export function cancelFeeKept(layaway, format) {
    return format.compare(layaway.cancel_fee || 0, 0) > 0;
}

/**
 * The refund as a cancellation receipt's amount column shows it: money going back to the
 * customer, with a minus sign, as core's refund receipts show their lines.
 */
export function refundedMoney(layaway, format) {
    // Nothing refunded is 0.00, not -0.00.
    return format.money(layaway.refund_amount ? -layaway.refund_amount : 0);
}

/** The closing sentence of a layaway receipt: what happens next, for its kind. */
export function receiptClosing(layaway, format) {
    const balance = format.money(layaway.amount_residual);
    const expiry = format.date(layaway.expiry_date);
    switch (receiptKind(layaway)) {
        case "deposit":
            return expiry
                ? tr(
                      "Your goods are kept for you until the balance of %(balance)s is paid, by %(expiry)s at the latest.",
                      {
                          balance,
                          expiry,
                      }
                  )
                : tr("Your goods are kept for you until the balance of %(balance)s is paid.", {balance});
        case "pickup":
            return tr("Your goods have been handed over: nothing is left to pay. Thank you!");
        case "pickup_partial":
            return tr("Items handed over, paid from what you paid; the rest stays on layaway. Balance: %(balance)s.", {
                balance,
            });
        case "refund":
            // No fee, no word of one.
            return cancelFeeKept(layaway, format)
                ? tr("Layaway cancelled: %(refund)s refunded, the cancellation fee of %(fee)s kept.", {
                      refund: format.money(layaway.refund_amount),
                      fee: format.money(layaway.cancel_fee),
                  })
                : tr("Layaway cancelled: %(refund)s refunded.", {refund: format.money(layaway.refund_amount)});
    }
    if (format.compare(layaway.amount_residual, 0) <= 0) {
        return tr("Everything is paid: your goods are ready for pick-up.");
    }
    if (layaway.layaway_state === "expired") {
        return tr(
            "This layaway expired on %(expiry)s: the store must extend it before it takes payments. Balance: %(balance)s.",
            {
                expiry,
                balance,
            }
        );
    }
    if (layaway.next_due_date) {
        return tr("Balance left to pay: %(balance)s. Next payment: %(amount)s by %(date)s.", {
            balance,
            amount: format.money(Math.min(layaway.next_due_amount, layaway.amount_residual)),
            date: format.date(layaway.next_due_date),
        });
    }
    return tr("Balance left to pay: %(balance)s.", {balance});
}

/**
 * Payment methods as refund destinations, for the cancel and change dialogs: the original tender
 * (`originalId`, the method of the layaway's latest register payment) first, Customer Account
 * (a method of type pay_later) noted as store credit. [{id, name, note}]
 */
export function refundDestinations(methods, originalId) {
    return methods
        .map((method) => ({
            id: method.id,
            name: method.name,
            note:
                method.id === originalId
                    ? tr("original tender")
                    : method.type === "pay_later"
                      ? tr("store credit")
                      : "",
        }))
        .sort((a, b) => (b.id === originalId) - (a.id === originalId));
}
