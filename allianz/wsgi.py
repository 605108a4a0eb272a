"""The WSGI entry point for production: `gunicorn 'allianz.wsgi:app'` (see docs/operations.md).

Each gunicorn worker imports this after the fork, so each worker gets its own Neo4j driver
(the driver is created on the first request, never at import).
"""
from allianz import create_app

app = create_app()
