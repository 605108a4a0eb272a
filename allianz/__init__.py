"""Allianz: the collaboration network of a smart-city alliance, kept as a graph in Neo4j."""
from pathlib import Path

from flask import Flask

from . import accounts, assets, db, jobs, limits
from .api.wiring import init_app as init_api
from .errors import register_error_handlers
from .extensions import babel, csrf
from .i18n import select_locale
from .labels import register_template_helpers
from .security import add_security_headers, check_origin

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None):
    """Build the app: configuration, extensions, blueprints, error handlers, commands. No I/O."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    load_config(app, config)
    register_extensions(app)
    app.before_request(check_origin)
    register_blueprints(app)
    init_api(app)
    limits.init_app(app)
    register_error_handlers(app)
    register_template_helpers(app)
    app.after_request(add_security_headers)
    return app


def load_config(app, config):
    """Take settings from `config` (a class or mapping; default `config.Config`) and check them."""
    if config is None:
        from config import Config as config  # noqa: N813 - the top-level settings module
    if isinstance(config, dict):
        from config import Config
        app.config.from_object(Config)
        app.config.update(config)
    else:
        app.config.from_object(config)
    from .opendata.licences import licence
    licence(app.config["OPEN_DATA_LICENSE"])  # a licence not on the DCAT-AP.de list stops the start, naming the list
    if app.config["ENV"] == "production":
        from config import DEV_SECRET_KEY
        key = app.config.get("SECRET_KEY") or ""
        if key == DEV_SECRET_KEY or len(key) < 32:
            raise RuntimeError("ALLIANZ_ENV=production needs a real SECRET_KEY (32+ random characters), "
                               "e.g. SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')")
        check_site_address(app)


def check_site_address(app):
    """Production needs ALLIANZ_BASE_URL (the links in mail) and accepts requests only for its host."""
    from urllib.parse import urlsplit
    base = urlsplit(app.config.get("BASE_URL") or "")
    if base.scheme not in ("http", "https") or not base.hostname:
        raise RuntimeError("ALLIANZ_ENV=production needs ALLIANZ_BASE_URL, the site's own address "
                           "(e.g. https://allianz.musterstadt.de): mail links are built from it.")
    if not app.config.get("TRUSTED_HOSTS"):
        app.config["TRUSTED_HOSTS"] = [base.hostname]


def register_extensions(app):
    """Bind the extensions and the graph to `app`."""
    db.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    accounts.init_app(app)
    assets.init_app(app)
    jobs.init_app(app, create_app)  # the job process makes its own app with this factory


def register_blueprints(app):
    """Mount one blueprint per domain concept."""
    from .access_tokens.routes import bp as access_tokens
    from .accounts.routes import bp as accounts_pages
    from .accounts.routes import coordination
    from .audit.routes import bp as audit_trail
    from .competencies.routes import bp as competencies
    from .competencies.routes import vocabulary as vocabulary_care
    from .discussion.routes import bp as discussion
    from .fields.routes import bp as fields
    from .ideas.routes import bp as ideas
    from .ideas.team.routes import bp as idea_team
    from .main.routes import bp as main
    from .matching.routes import bp as matching
    from .network.routes import bp as network
    from .notifications.routes import bp as notifications
    from .opendata.routes import bp as opendata
    from .partners.profile.routes import bp as partner_edit
    from .partners.routes import bp as partners
    from .privacy.routes import bp as privacy
    from .projects.routes import bp as projects
    from .search.routes import bp as search

    for blueprint in (main, partners, projects, competencies, fields, network, matching,
                      accounts_pages, coordination, partner_edit, vocabulary_care, audit_trail, ideas, idea_team,
                      discussion, notifications, privacy, opendata,
                      access_tokens, search):
        app.register_blueprint(blueprint)
