"""Public JSON API v1 (django-ninja) and its bearer tokens (ADR 0007)."""
