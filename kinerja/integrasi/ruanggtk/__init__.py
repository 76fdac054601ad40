"""Ruang GTK: teachers' SKP and results, imported read-only (ADR 0007)."""
