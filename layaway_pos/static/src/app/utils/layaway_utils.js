/**
 * Pure helpers of the layaway front end: what the cashier may type, checked before the
 * server checks it again in the sync's transaction.
 */
import { _t } from "@web/core/l10n/translation";

// Plain strings, so callers may compare and concatenate them (_t may return a lazy string).
const tr = (...args) => String(_t(...args));

export const LAYAWAY_PRODUCT_XMLIDS = {
    deposit: "layaway_pos.product_layaway_deposit",
    cancelFee: "layaway_pos.product_layaway_cancel_fee",
};

/** Round to the currency's decimals (amounts coming from the server are already rounded). */
export function roundAmount(amount, decimals = 2) {
    const factor = 10 ** decimals;
    return Math.round((amount + Number.EPSILON) * factor) / factor;
}

/**
 * The refusal for a deposit, or "" when it may start the layaway.
 * More than the minimum is allowed, never more than the total.
 */
export function depositError(amount, minDeposit, total, formatCurrency = (x) => `${x}`) {
    if (!(amount > 0) || roundAmount(amount) < roundAmount(minDeposit)) {
        return tr("The deposit must be at least %s.", formatCurrency(minDeposit));
    }
    if (roundAmount(amount) > roundAmount(total)) {
        return tr("The deposit cannot be more than the layaway total of %s.", formatCurrency(total));
    }
    return "";
}

/** The refusal for an installment payment, or "" when it may be taken. */
export function paymentError(amount, residual, formatCurrency = (x) => `${x}`) {
    if (!(amount > 0)) {
        return tr("A layaway payment must be more than zero.");
    }
    if (roundAmount(amount) > roundAmount(residual)) {
        return tr("%(amount)s is more than the balance (%(residual)s). Take at most %(residual)s.", {
            amount: formatCurrency(amount),
            residual: formatCurrency(residual),
        });
    }
    return "";
}

/** What the "Pay" dialog proposes: what is due next, never more than the balance. */
export function defaultPaymentAmount(layaway) {
    const next = layaway.next_due_amount || layaway.amount_residual;
    return roundAmount(Math.min(next, layaway.amount_residual));
}

/** Does a payment of `amount` settle the layaway (the pick-up)? */
export function settlesBalance(amount, residual) {
    return roundAmount(amount) >= roundAmount(residual);
}

/** Overdue badge and state labels for the list. */
export function layawayBadges(layaway, today = luxon.DateTime.now().toISODate()) {
    const badges = [];
    if (layaway.is_overdue || (layaway.next_due_date && layaway.next_due_date < today)) {
        badges.push({ label: tr("Overdue"), className: "text-bg-danger" });
    }
    if (layaway.layaway_state === "expired") {
        badges.push({ label: tr("Expired"), className: "text-bg-warning" });
    }
    if (layaway.layaway_state === "paid") {
        badges.push({ label: tr("Ready for pick-up"), className: "text-bg-success" });
    }
    return badges;
}
