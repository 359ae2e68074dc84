import {ClosePosPopup} from "@point_of_sale/app/components/popups/closing_popup/closing_popup";

// The session's layaways (started, payments, completed, cancelled), computed on the server.
ClosePosPopup.props = [...ClosePosPopup.props, "layaway_details?"];
