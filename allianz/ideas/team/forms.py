"""Forms of an idea's team: an invitation (or join request) and its answer."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional

from ...forms import Form, HiddenNumber, empty_to_none, strip


class InviteForm(Form):
    """Invite a partner into the team (or ask to join), with an optional message."""

    partner_id = HiddenField()
    # Set when the click came from the matcher's list; the rank and score kept are the server's own
    # (`service.recommendation_of`), never the page's.
    rank = HiddenNumber()
    message = StringField(_l("Nachricht (optional)"), filters=[strip, empty_to_none],
                          validators=[Optional(), Length(max=1000)])


class AnswerForm(Form):
    """Accept or decline an invitation or a join request, with an optional message."""

    message = StringField(_l("Nachricht (optional)"), filters=[strip, empty_to_none],
                          validators=[Optional(), Length(max=1000)])
