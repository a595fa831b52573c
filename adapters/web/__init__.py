"""The operator's web dashboard and its JSON API (FastAPI), read-only over the analytics views."""
