import {beforeEach, describe, expect, test} from "@odoo/hoot";
import {mockTimeZone} from "@odoo/hoot-mock";
import {getService, patchWithCleanup, serverState} from "@web/../tests/web_test_helpers";
import {localization} from "@web/core/l10n/localization";
import {setupPosEnv} from "@point_of_sale/../tests/unit/utils";
import {definePosModels} from "@point_of_sale/../tests/unit/data/generate_model_definitions";
import {LayawayFormat} from "@layaway_pos/app/utils/layaway_format";

definePosModels();

// res.currency records as the register loads them (id, decimal_places, rounding).
const USD = {id: 1, decimal_places: 2, rounding: 0.01};
const JPY = {id: 3, decimal_places: 0, rounding: 1};
const KWD = {id: 4, decimal_places: 3, rounding: 0.001};

describe("LayawayFormat", () => {
    beforeEach(async () => {
        // The symbols and their position come from the session's currencies, as in the register.
        serverState.currencies = [
            {id: 1, name: "USD", symbol: "$", position: "before"},
            {id: 3, name: "JPY", symbol: "¥", position: "before"},
            {id: 4, name: "KWD", symbol: "KD", position: "after"},
        ];
        // The user's language (separators, date formats) is loaded with the register.
        await setupPosEnv();
    });

    test("money: the currency's symbol and its own decimals", () => {
        expect(new LayawayFormat(USD).money(1234.5)).toBe("$\u00a01,234.50");
        expect(new LayawayFormat(USD).money(-37)).toBe("$\u00a0-37.00");
        expect(new LayawayFormat(JPY).money(1234.5)).toBe("¥\u00a01,235");
        expect(new LayawayFormat(JPY).money(290)).toBe("¥\u00a0290");
        expect(new LayawayFormat(KWD).money(1234.5)).toBe("1,234.500\u00a0KD");
        expect(new LayawayFormat(KWD).money(74.6667)).toBe("74.667\u00a0KD");
    });

    test("money follows the user's separators", () => {
        patchWithCleanup(localization, {decimalPoint: ",", thousandsSep: "."});
        expect(new LayawayFormat(USD).money(1234.5)).toBe("$\u00a01.234,50");
        expect(new LayawayFormat(KWD).money(1234.5)).toBe("1.234,500\u00a0KD");
    });

    test("the register's format is in the register's currency", () => {
        const store = getService("pos");
        expect(store.layawayFormat.currency).toBe(store.currency);
        expect(store.layawayFormat.money(74.666)).toBe("$\u00a074.67");
        expect(store.layawayFormat.step).toBe(0.01);
    });

    test("round: to the currency's rounding, half up", () => {
        expect(new LayawayFormat(USD).round(74.666)).toBe(74.67);
        expect(new LayawayFormat(USD).round(1.005)).toBe(1.01);
        expect(new LayawayFormat(USD).round(0.1 + 0.2)).toBe(0.3);
        expect(new LayawayFormat(JPY).round(74.5)).toBe(75);
        expect(new LayawayFormat(JPY).round(74.49)).toBe(74);
        expect(new LayawayFormat(KWD).round(74.6666)).toBe(74.667);
        expect(new LayawayFormat(KWD).round(1.0005)).toBe(1.001);
        // A cash rounding of 0.05 (CHF cash, for instance).
        expect(new LayawayFormat({id: 1, decimal_places: 2, rounding: 0.05}).round(1.12)).toBe(1.1);
    });

    test("compare: equal once rounded, else which is more", () => {
        const usd = new LayawayFormat(USD);
        expect(usd.compare(0.1 + 0.2, 0.3)).toBe(0);
        expect(usd.compare(224.004, 224)).toBe(0);
        expect(usd.compare(224.01, 224)).toBe(1);
        expect(usd.compare(223.99, 224)).toBe(-1);
        const jpy = new LayawayFormat(JPY);
        expect(jpy.compare(224.4, 224)).toBe(0);
        expect(jpy.compare(224.5, 224)).toBe(1);
        const kwd = new LayawayFormat(KWD);
        expect(kwd.compare(224.0004, 224)).toBe(0);
        expect(kwd.compare(224.001, 224)).toBe(1);
    });

    test("the step of an amount input is the currency's smallest amount", () => {
        expect(new LayawayFormat(USD).step).toBe(0.01);
        expect(new LayawayFormat(JPY).step).toBe(1);
        expect(new LayawayFormat(KWD).step).toBe(0.001);
    });

    test("dates in the user's date format, nothing for no date", () => {
        const format = new LayawayFormat(USD);
        expect(format.date("2026-04-24")).toBe("04/24/2026");
        expect(format.date(false)).toBe("");
        patchWithCleanup(localization, {dateFormat: "dd.MM.yyyy"});
        expect(format.date("2026-04-24")).toBe("24.04.2026");
    });

    test("datetimes: the server's UTC in the user's time zone and format", () => {
        const format = new LayawayFormat(USD);
        mockTimeZone(+2);
        expect(format.dateTime("2026-03-25 23:30:00")).toBe("03/26/2026 01:30:00");
        mockTimeZone(-5);
        expect(format.dateTime("2026-03-25 10:00:00")).toBe("03/25/2026 05:00:00");
        patchWithCleanup(localization, {dateTimeFormat: "dd.MM.yyyy HH:mm"});
        expect(format.dateTime("2026-03-25 10:00:00")).toBe("25.03.2026 05:00");
        expect(format.dateTime(false)).toBe("");
    });
});
