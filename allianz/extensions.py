"""Unbound extension objects; `create_app` binds them."""
from flask_babel import Babel
from flask_compress import Compress
from flask_wtf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
compress = Compress()
