"""The layaway's states and the moves between them (pure Python, no ORM).

`sale.order._layaway_set_state` is the one method that moves a layaway; it refuses
any move that is not in `TRANSITIONS`.
"""

LAYAWAY_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("paid", "Paid"),
    ("done", "Done"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]

# States in which the goods are still the store's and money may be owed.
OPEN_STATES = ("active", "paid", "expired")

# States a layaway ends in: it closed that day (``layaway_closed_date``).
CLOSED_STATES = ("done", "cancelled")

# States of a started layaway: its lines are a contract (they change only through Change items).
CONTRACT_STATES = ("active", "paid", "expired", "done", "cancelled")

# False: the order is not (or no longer) a layaway (no plan).
TRANSITIONS = {
    False: {"draft"},
    "draft": {False, "active", "paid", "cancelled"},
    "active": {"paid", "expired", "cancelled"},
    # Change items that add goods to a paid layaway leave a balance to pay again.
    "paid": {"done", "cancelled", "active"},
    "expired": {"active", "cancelled"},
    "done": set(),
    "cancelled": set(),
}

# What a payment is, whatever its channel.
PAYMENT_KINDS = [
    ("deposit", "Deposit"),
    ("installment", "Installment"),
    ("pickup", "Pick-up"),
    ("refund", "Refund"),
    ("fee_kept", "Fee Kept"),
    ("change", "Change"),
    ("applied", "Applied to Goods Taken"),
]

# Where a payment was taken: the register, the back office, or the customer online (portal, pay link).
PAYMENT_CHANNELS = [
    ("backoffice", "Back office"),
    ("pos", "Point of Sale"),
    ("online", "Online"),
]

# What a register (POS) order does to its layaway: sent by the register with the order.
POS_KINDS = [
    ("deposit", "Layaway deposit"),
    ("installment", "Layaway installment"),
    ("pickup", "Layaway pick-up"),
    ("refund", "Layaway cancellation"),
    # Some goods leave early, exactly their value applied from what was paid (the order totals zero).
    ("pickup_partial", "Layaway partial pick-up"),
    ("change", "Layaway change of items"),
]


def can_move(current, new):
    """Is `current` -> `new` a move of the table? (A state to itself is no move.)"""
    return current == new or new in TRANSITIONS.get(current or False, set())
