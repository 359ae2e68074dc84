/**
 * Money and dates as the register shows them, written once for every layaway screen,
 * dialog and receipt: amounts in the currency's own decimals and rounding, dates in the
 * user's language and time zone, through core's helpers.
 */
import {formatCurrency} from "@web/core/currency";
import {deserializeDate, deserializeDateTime, formatDate, formatDateTime} from "@web/core/l10n/dates";
import {floatIsZero, roundPrecision} from "@web/core/utils/numbers";

export class LayawayFormat {
    /** @param {{id: number, decimal_places: number, rounding: number}} currency a res.currency */
    constructor(currency) {
        this.currency = currency;
    }

    /** The amount with the currency's symbol, in its own decimals (0 for JPY, 3 for KWD). */
    money(amount) {
        // Core's digits pair: only its second number, the decimals, is read.
        return formatCurrency(amount, this.currency.id, {digits: [0, this.currency.decimal_places]});
    }

    /** The amount rounded as the server rounds it (the currency's rounding: 0.01, 1, 0.001 ...). */
    round(amount) {
        return roundPrecision(amount, this.currency.rounding);
    }

    /** -1, 0 or 1 as `a` is less than, equal to or more than `b`, once both are rounded. */
    compare(a, b) {
        const difference = this.round(a) - this.round(b);
        return floatIsZero(difference, this.currency.decimal_places) ? 0 : Math.sign(difference);
    }

    /** The step of an amount input: the smallest amount of the currency. */
    get step() {
        return this.currency.rounding;
    }

    /** A date the server sent ("YYYY-MM-DD") in the user's date format; "" when there is none. */
    date(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    /** A datetime the server sent (UTC, "YYYY-MM-DD HH:MM:SS") in the user's format and time zone. */
    dateTime(value) {
        return value ? formatDateTime(deserializeDateTime(value)) : "";
    }
}
