"""Achievement: the DOMAIN.md formulas, predikat, serapan, efisiensi and the capaian table."""
