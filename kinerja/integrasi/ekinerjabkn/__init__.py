"""e-Kinerja BKN: import of its Excel reports for pemda running both apps (ADR 0007)."""
