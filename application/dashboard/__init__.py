"""The web dashboard over the analytics views, for admins only."""
