"""Worksheets: the Rencana Aksi schema, template, reader, validation, findings, annotated copies."""
