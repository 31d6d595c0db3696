"""The report model: quarter and year data, results read from the archive, earlier years (riwayat), the narrative read back, and the document blocks (pure)."""
