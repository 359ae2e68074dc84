"""19.0.1.1.0: payments carry their kind (the boolean is_deposit is gone)."""


def migrate(cr, version):
    """Payments whose old is_deposit flag was set get the kind "deposit"."""
    if not version:
        return
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'layaway_payment' AND column_name = 'is_deposit'
        """
    )
    if cr.fetchone():
        cr.execute("UPDATE layaway_payment SET kind = 'deposit' WHERE is_deposit")
