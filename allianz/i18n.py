"""Languages: German by default, English on request (remembered in the session)."""
from flask import current_app, request, session


def select_locale():
    """The UI language: the visitor's choice in this session, else German."""
    choice = session.get("lang")
    if choice in current_app.config["LANGUAGES"]:
        return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def language_choice():
    """A `?lang=` given with the request, if it names a supported language."""
    lang = request.args.get("lang")
    return lang if lang in current_app.config["LANGUAGES"] else None
