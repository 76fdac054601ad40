"""SIASN (BKN): pull master data, push final results (ADR 0007)."""
