"""Languages: German by default, English on request (remembered in the session)."""
from flask import current_app, has_request_context, session


def select_locale():
    """The UI language: the visitor's choice in this session, else German (also outside requests: the CLI)."""
    choice = session.get("lang") if has_request_context() else None
    if choice in current_app.config["LANGUAGES"]:
        return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]

