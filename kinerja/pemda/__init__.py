"""A Pemda: many OPD workspaces run together (local pool or Dask) and recapped."""
