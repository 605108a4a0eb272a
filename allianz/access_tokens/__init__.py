"""Personal access tokens of the JSON API: created, listed and revoked on /konto, checked on every API request."""
