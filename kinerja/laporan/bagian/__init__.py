"""The report's sections (Bagian) built from the report model: common parts, the quarterly and annual reports, appendices, narrative drafts."""
