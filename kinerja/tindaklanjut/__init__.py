"""Stage 4 — Tindak lanjut (PermenPANRB 6/2022, PP 30/2019): signed documents, angka kredit,
TPP and reports, one Django app each."""
