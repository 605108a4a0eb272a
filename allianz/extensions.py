"""Unbound extension objects; `create_app` binds them."""
from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
from flask_wtf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()  # bound and configured by allianz.accounts.session.init_app
compress = Compress()
