/**
 * What the layaway tours share: the modal selector, the Layaway and Layaways buttons of the
 * product screen's bar (one tap, the bar fits), and opening a layaway's detail on the Layaways screen.
 */
export const modal = ".modal:not(.o_inactive_modal)";

/** Throw unless every button of the product screen's bar is whole: inside the bar, its text not cut. */
function checkBarFits(name) {
    const bar = document.querySelector(".product-screen .leftpane .control-buttons");
    const box = bar.getBoundingClientRect();
    for (const element of bar.querySelectorAll("button, button .text-truncate")) {
        const rect = element.getBoundingClientRect();
        if (rect.left < box.left - 1 || rect.right > box.right + 1 || element.scrollWidth > element.clientWidth + 1) {
            throw new Error(
                `With the ${name} button, "${element.textContent.trim()}" does not fit in the bar at ${window.innerWidth} px.`
            );
        }
    }
}

/**
 * The Layaway or Layaways button, in the product screen's bar: one tap, no Actions popup.
 * The tour fails when the button is behind the popup, or when the bar overflows.
 */
export function clickLayawayButton(name) {
    const selector = name === "Layaways" ? ".o_layaways_button" : ".o_layaway_button";
    return [
        {
            content: `the ${name} button is in the bar, without opening Actions, and the bar fits`,
            trigger: `body:not(:has(.modal)) .product-screen .leftpane .control-buttons ${selector}`,
            run: () => checkBarFits(name),
        },
        {content: `click ${name}`, trigger: `.product-screen .control-buttons ${selector}`, run: "click"},
    ];
}

/** Open the Layaways screen, search `query` and open the detail of its first layaway. */
export function openLayaways(query) {
    return [
        ...clickLayawayButton("Layaways"),
        {trigger: ".o_layaway_screen input.o_layaway_search", run: `edit ${query}`},
        {trigger: ".o_layaway_screen .o_layaway_search_button", run: "click"},
        {trigger: `.o_layaway_screen .o_layaway_row:contains('${query}')`, run: "click"},
        {trigger: ".o_layaway_screen .o_layaway_detail"},
    ];
}
