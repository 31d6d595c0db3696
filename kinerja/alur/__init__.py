"""Workflow: the SOP table, working calendar, hash-chained store, identity, cases, archive, forms."""
