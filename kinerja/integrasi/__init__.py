"""Adapters to the systems around Kinerja: the shared sync log, HTTP client and fake server."""
