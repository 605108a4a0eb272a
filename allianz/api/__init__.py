"""The JSON API v1 (/api/v1): a second door into the same domain services as the pages (one rule, one audit
record, the same notifications), described by an OpenAPI 3.1 document generated from this code.

flask-smorest builds the document from the blueprints and marshmallow schemas (`schemas.py`); the app keeps
its own error handling (`allianz.errors` answers every /api/v1 error as problem+json, `problems.py`), so
flask-smorest's handler is not registered. `wiring.init_app` mounts everything; `create_app` calls it.
"""
