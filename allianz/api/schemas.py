"""The API's request and response shapes (marshmallow): validation of what comes in, and the OpenAPI document.

Responses are dumped through these schemas, so an answer holds exactly the fields declared here; values that
can be missing are declared `allow_none`. Nested parts whose shape is owned by another domain (a picture's
nodes, a matcher's reasons) are declared as objects.
"""
from marshmallow import Schema, ValidationError, validate, validates_schema
from marshmallow import fields as ma

from ..text import refused_character
from ..vocabulary import CORE_VALUES, IMPORTANCES, KINDS, SCALES, STATUSES, TRANSITION_ACTIONS
from .paging import MAX_LIMIT


def plain_text(multiline=False):
    """Validator: no character the importer refuses (controls, bidi controls; line breaks only in long texts)."""
    def check(value):
        char = refused_character(value, multiline=multiline)
        if char is not None:
            raise ValidationError(f"character U+{ord(char):04X} is not allowed here")
    return check


def text(low, high, multiline=False, **kwargs):
    """A string field of `low`..`high` characters holding plain text."""
    return ma.String(validate=[validate.Length(min=low, max=high), plain_text(multiline)], **kwargs)


class Problem(Schema):
    """An error (RFC 9457 problem details)."""

    type = ma.String(metadata={"example": "about:blank"})
    title = ma.String(metadata={"example": "Unprocessable Entity"})
    status = ma.Integer(metadata={"example": 422})
    detail = ma.String()
    instance = ma.String(metadata={"example": "/api/v1/ideas"})
    errors = ma.List(ma.Dict(), metadata={
        "description": "field-level details: [{field, message}]",
        "example": [{"field": "title", "message": "Length must be between 5 and 200."}]})


# -- lists ----------------------------------------------------------------------------------------------
class ListArgs(Schema):
    """Every list: how many items (`limit`) and where to go on (`cursor`, from the `next` link)."""

    limit = ma.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_LIMIT),
                           metadata={"description": f"items per page (1–{MAX_LIMIT}, default 20)"})
    cursor = ma.String(load_default=None, validate=validate.Length(max=200),
                           metadata={"description": "opaque position from `next_cursor` or the `Link` header"})


class Listing(Schema):
    """One page of a list."""

    total = ma.Integer(metadata={"description": "how many items the filters leave"})
    limit = ma.Integer()
    next_cursor = ma.String(allow_none=True, metadata={"description": "null on the last page"})


class FieldRef(Schema):
    """A field of action, as lists name it."""

    key = ma.String()
    name_de = ma.String(allow_none=True)
    name_en = ma.String(allow_none=True)


# -- partners --------------------------------------------------------------------------------------------
class PartnerArgs(ListArgs):
    """The partner list's filters (as on /partner/)."""

    q = ma.String(load_default=None, validate=validate.Length(max=100), metadata={"description": "name contains"})
    kind = ma.String(load_default=None, validate=validate.OneOf(KINDS))
    field = ma.String(load_default=None, validate=validate.Length(max=100), metadata={"description": "field key"})


class PartnerItem(Schema):
    """A partner in a list."""

    id = ma.String()
    name = ma.String(allow_none=True)
    short_name = ma.String(allow_none=True)
    kind = ma.String(allow_none=True)
    fields = ma.List(ma.Nested(FieldRef))
    projects = ma.Integer(metadata={"description": "public projects it takes part in"})


class PartnerList(Listing):
    """A page of partners."""

    items = ma.List(ma.Nested(PartnerItem))


class Partner(Schema):
    """One partner: its public profile, fields, competencies, projects (first page), contacts the caller may see."""

    id = ma.String()
    profile = ma.Dict(metadata={"description": "the public fields of the profile (name, kind, website, …)"})
    fields = ma.List(ma.Nested(FieldRef))
    competencies = ma.List(ma.Dict(), metadata={"description": "[{id, name, name_en, level, broader}]"})
    projects = ma.List(ma.Dict(), metadata={"description": "the first 25: [{id, title, status, role}]"})
    project_total = ma.Integer()
    contacts = ma.List(ma.Dict(), metadata={"description": "only for people logged in (token)"})


# -- competencies and fields -------------------------------------------------------------------------------
class CompetencyArgs(ListArgs):
    """The vocabulary list's filter."""

    q = ma.String(load_default=None, validate=validate.Length(max=100),
                      metadata={"description": "name (German or English) or id contains"})


class CompetencyItem(Schema):
    """A competency of the vocabulary."""

    id = ma.String()
    name = ma.String(allow_none=True)
    name_en = ma.String(allow_none=True)
    broader = ma.String(allow_none=True, metadata={"description": "the id of the broader competency"})
    partners = ma.Integer(allow_none=True, metadata={"description": "partners that have it"})
    projects = ma.Integer(allow_none=True, metadata={"description": "projects that need it"})


class CompetencyList(Listing):
    """A page of competencies."""

    items = ma.List(ma.Nested(CompetencyItem))


class Competency(Schema):
    """One competency: broader, narrower, the partners that have it (first page), the projects that need it."""

    id = ma.String()
    name = ma.String(allow_none=True)
    name_en = ma.String(allow_none=True)
    broader = ma.List(ma.Dict())
    narrower = ma.List(ma.Dict())
    partners = ma.List(ma.Dict())
    partner_total = ma.Integer()
    projects = ma.List(ma.Dict())


class FieldItem(FieldRef):
    """A field of action with its counts."""

    partners = ma.Integer(allow_none=True)
    projects = ma.Integer(allow_none=True)


class FieldList(Listing):
    """A page of fields of action."""

    items = ma.List(ma.Nested(FieldItem))


class Field(FieldRef):
    """One field of action: its partners (first page) and projects (first page)."""

    partners = ma.List(ma.Dict())
    partner_total = ma.Integer()
    projects = ma.List(ma.Dict())
    project_total = ma.Integer()


# -- projects ----------------------------------------------------------------------------------------------
class ProjectArgs(ListArgs):
    """The project list's filters and order (as on /projekte/)."""

    status = ma.String(load_default=None, validate=validate.OneOf(STATUSES))
    field = ma.String(load_default=None, validate=validate.Length(max=100))
    q = ma.String(load_default=None, validate=validate.Length(max=100), metadata={"description": "title contains"})
    sort = ma.String(load_default="title", validate=validate.OneOf(("title", "newest")))


class ProjectItem(Schema):
    """A project in a list."""

    id = ma.String()
    title = ma.String(allow_none=True)
    status = ma.String(allow_none=True)
    started = ma.String(allow_none=True, metadata={"description": "ISO date"})
    ended = ma.String(allow_none=True, metadata={"description": "ISO date"})
    fields = ma.List(ma.Nested(FieldRef))
    team_size = ma.Integer()


class ProjectList(Listing):
    """A page of projects."""

    items = ma.List(ma.Nested(ProjectItem))


class Project(ProjectItem):
    """One project with its team and needs."""

    summary = ma.String(allow_none=True)
    team = ma.List(ma.Dict())
    needs = ma.List(ma.Dict())


# -- ideas -------------------------------------------------------------------------------------------------
class IdeaArgs(ListArgs):
    """The idea list's filters (as on /ideen/)."""

    status = ma.String(load_default=None, validate=validate.OneOf(STATUSES))
    field = ma.String(load_default=None, validate=validate.Length(max=100))
    scale = ma.String(load_default=None, validate=validate.OneOf(SCALES))
    partner = ma.String(load_default=None, validate=validate.Length(max=100),
                            metadata={"description": "partner id"})
    competency = ma.List(ma.String(validate=validate.Length(max=100)), load_default=list,
                             validate=validate.Length(max=20), metadata={"description": "needs all of these"})
    mine = ma.Boolean(load_default=False, metadata={"description": "only the caller's own ideas"})


class IdeaItem(Schema):
    """An idea or project in the idea list."""

    id = ma.String()
    title = ma.String(allow_none=True)
    status = ma.String(allow_none=True)
    scale = ma.String(allow_none=True)
    team_size = ma.Integer()
    supporters = ma.Integer()


class IdeaList(Listing):
    """A page of ideas."""

    items = ma.List(ma.Nested(IdeaItem))


class Need(Schema):
    """A needed competency with its importance (1 helpful, 2 important, 3 indispensable)."""

    id = ma.String(required=True, validate=validate.Length(min=1, max=100))
    importance = ma.Integer(load_default=2, validate=validate.OneOf(IMPORTANCES))


def idea_fields(patch=False):
    """The fields of an idea as written: required ones and defaults for a new idea, neither for a change."""
    def opt(**kwargs):
        return {} if patch else kwargs
    return {
        "title": text(5, 200, **opt(required=True)),
        "summary": text(20, 5000, multiline=True, **opt(required=True)),
        "fields": ma.List(ma.String(validate=validate.Length(max=100)), validate=validate.Length(max=20),
                          metadata={"description": "field keys"}, **opt(load_default=list)),
        "needs": ma.List(ma.Nested(Need), validate=validate.Length(max=50), **opt(load_default=list)),
        "partner_kinds": ma.List(ma.String(validate=validate.OneOf(KINDS)), validate=validate.Length(max=len(KINDS)),
                                 **opt(load_default=list)),
        "time_frame": text(0, 100, allow_none=True, **opt(load_default=None)),
        "scale": ma.String(validate=validate.OneOf(SCALES), **opt(required=True)),
        "core_values": ma.List(ma.String(validate=validate.OneOf(CORE_VALUES)),
                               validate=validate.Length(max=len(CORE_VALUES)), **opt(load_default=list)),
        "public": ma.Boolean(metadata={"description": "shown to everyone once submitted"},
                             **opt(load_default=True)),
    }


IdeaIn = Schema.from_dict(idea_fields(), name="IdeaIn")
IdeaIn.__doc__ = "An idea as written: what the propose form asks."
IdeaPatch = Schema.from_dict(idea_fields(patch=True), name="IdeaPatch")
IdeaPatch.__doc__ = "Some fields of an idea: those given replace the saved ones (If-Match: the idea's ETag)."


class Transition(Schema):
    """A transition of the idea's state machine, as the caller may make it now."""

    action = ma.String()
    to_status = ma.String()
    reason_required = ma.Boolean()


class Idea(Schema):
    """One idea: text, status and version, fields, needs, team, supporters, and what the caller may do."""

    id = ma.String()
    title = ma.String(allow_none=True)
    summary = ma.String(allow_none=True)
    status = ma.String(allow_none=True)
    version = ma.Integer(metadata={"description": "also in the ETag; send it back in If-Match"})
    scale = ma.String(allow_none=True)
    time_frame = ma.String(allow_none=True)
    public = ma.Boolean(allow_none=True)
    partner_kinds = ma.List(ma.String())
    core_values = ma.List(ma.String())
    fields = ma.List(ma.String())
    needs = ma.List(ma.Nested(Need))
    team = ma.List(ma.Dict(), metadata={"description": "[{id, name, kind, role}]"})
    proposer_name = ma.String(allow_none=True, metadata={"description": "only for people logged in"})
    supporters = ma.List(ma.Dict())
    invitations = ma.List(ma.Dict(), metadata={"description": "those the caller may read"})
    may_edit = ma.Boolean()
    transitions = ma.List(ma.Nested(Transition))


class TransitionIn(Schema):
    """Make one transition (If-Match: the idea's ETag)."""

    action = ma.String(required=True, validate=validate.OneOf(TRANSITION_ACTIONS))
    reason = text(0, 2000, multiline=True, load_default=None, allow_none=True)


class CommentIn(Schema):
    """A comment."""

    text = text(1, 4000, multiline=True, required=True)

    @validates_schema
    def not_blank(self, data, **_kwargs):
        """Blanks alone are no comment."""
        if not (data.get("text") or "").strip():
            raise ValidationError("write a text", field_name="text")


class Comment(Schema):
    """A comment on an idea."""

    id = ma.String()
    text = ma.String(allow_none=True)
    author = ma.String(allow_none=True)
    at = ma.String(allow_none=True, metadata={"description": "ISO date and time"})
    hidden = ma.Boolean()


class CommentList(Listing):
    """A page of comments, oldest first."""

    items = ma.List(ma.Nested(Comment))


class Created(Schema):
    """The id of what was created (its URL is in `Location`)."""

    id = ma.String()


class Supporters(Schema):
    """The partners that support an idea."""

    supporters = ma.List(ma.Dict())


class AnswerIn(Schema):
    """Accept or decline an invitation (or, for a team, a join request)."""

    accept = ma.Boolean(required=True)
    message = text(0, 2000, multiline=True, load_default=None, allow_none=True)


class Answered(Schema):
    """The invitation's new state."""

    state = ma.String(metadata={"example": "accepted"})


class InvitationList(Schema):
    """Open invitations and join requests that concern the caller's partner."""

    items = ma.List(ma.Dict())


class Me(Schema):
    """The caller."""

    id = ma.String()
    name = ma.String(allow_none=True)
    role = ma.String()
    partner_id = ma.String(allow_none=True)
    scopes = ma.List(ma.String(), metadata={"description": "the token's scopes; empty for a session"})


# -- network -----------------------------------------------------------------------------------------------
class NetworkArgs(Schema):
    """The pictures' filters (as on /netzwerk/)."""

    field = ma.String(load_default=None, validate=validate.Length(max=100))
    kind = ma.String(load_default=None, validate=validate.OneOf(KINDS))
    status = ma.String(load_default=None, validate=validate.OneOf(STATUSES))
    year_from = ma.Integer(load_default=None, validate=validate.Range(min=1900, max=2100))
    year_to = ma.Integer(load_default=None, validate=validate.Range(min=1900, max=2100))
    limit = ma.Integer(load_default=None, validate=validate.Range(min=1, max=1000),
                           metadata={"description": "most partners shown"})
    focus = ma.String(load_default=None, validate=validate.Length(max=100),
                          metadata={"description": "a partner's name to centre on"})
    isolated = ma.Boolean(load_default=True, metadata={"description": "show partners without projects"})
    hops = ma.Integer(load_default=None, validate=validate.Range(min=1, max=3))
    mode = ma.String(load_default=None, validate=validate.OneOf(("partner", "gemeinschaften")))
    community = ma.Integer(load_default=None, validate=validate.Range(min=1, max=1_000_000))


class Network(Schema):
    """A picture's graph: nodes and edges (vis-network's shape), the legend, and what the filters left out."""

    view = ma.String()
    nodes = ma.List(ma.Dict())
    edges = ma.List(ma.Dict())
    legend = ma.Raw(allow_none=True)
    hidden = ma.Raw(allow_none=True)
    counts = ma.Dict()


class Pending(Schema):
    """Still being computed (large networks): ask again after `retry_after` seconds."""

    state = ma.String(metadata={"example": "pending"})
    retry_after = ma.Integer()
    message = ma.String(allow_none=True)


# -- matching ----------------------------------------------------------------------------------------------
class MatchQuery(Schema):
    """A matching query (the batch format of `allianz match --batch`)."""

    id = ma.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    team = ma.List(ma.String(validate=validate.Length(max=100)), load_default=list,
                       validate=validate.Length(max=50), metadata={"description": "partner ids already in"})
    fields = ma.List(ma.String(validate=validate.Length(max=100)), load_default=list,
                         validate=validate.Length(max=20))
    needs = ma.List(ma.String(validate=validate.Length(max=100)), load_default=list,
                        validate=validate.Length(max=50), metadata={"description": "competency ids"})
    kind = ma.List(ma.String(validate=validate.OneOf(KINDS)), load_default=list,
                       validate=validate.Length(max=len(KINDS)))
    exclude = ma.List(ma.String(validate=validate.Length(max=100)), load_default=list,
                          validate=validate.Length(max=200))
    new_bridges = ma.Boolean(load_default=False)
    top = ma.Integer(load_default=10, validate=validate.Range(min=1, max=100))


class ConsortiumQuery(MatchQuery):
    """A query for the consortium builder."""

    size = ma.Integer(load_default=5, validate=validate.Range(min=1, max=12))


class Match(Schema):
    """Ranked candidates, each with its reasons and the score by factor."""

    id = ma.String(allow_none=True)
    candidates = ma.List(ma.Dict())
    team = ma.List(ma.String())
    covered_needs = ma.List(ma.String())
    uncovered_needs = ma.List(ma.String())


class Consortium(Schema):
    """A proposed consortium: members, coverage matrix, open and uncoverable needs."""

    team = ma.List(ma.String())
    members = ma.List(ma.String(), metadata={"description": "partner ids, the team first"})
    slots = ma.List(ma.Raw())
    matrix = ma.List(ma.Dict(), metadata={"description": "[{need, cells, covered}]"})
    open_needs = ma.List(ma.String())
    uncoverable = ma.List(ma.String(), metadata={"description": "needs nobody in the alliance covers"})
    kinds = ma.List(ma.String())


class PartnerNameArgs(Schema):
    """The team picker's search."""

    q = ma.String(load_default="", validate=validate.Length(max=100))


class PartnerName(Schema):
    """A partner found by name."""

    id = ma.String()
    label = ma.String()


class SearchArgs(Schema):
    """The search (as on /suche): the text, optionally one type, page by page."""

    q = ma.String(required=True, validate=validate.Length(max=10_000),
                  metadata={"description": "words, parts of words; typos and umlaut spellings are tolerated"})
    type = ma.String(load_default=None, validate=validate.OneOf(("partner", "competency", "project", "idea")),
                     metadata={"description": "only this type (all four by default)"})
    limit = ma.Integer(load_default=5, validate=validate.Range(min=1, max=50),
                       metadata={"description": "hits per type (1–50, default 5)"})
    page = ma.Integer(load_default=1, validate=validate.Range(min=1, max=500), metadata={"description": "page of hits"})


class SearchHit(Schema):
    """One hit: what it is, its name, and a piece of its text around a matched word."""

    type = ma.String()
    id = ma.String()
    name = ma.String(allow_none=True)
    other_name = ma.String(allow_none=True, metadata={"description": "short or English name"})
    kind = ma.String(allow_none=True, metadata={"description": "a partner's kind"})
    status = ma.String(allow_none=True, metadata={"description": "a project's or idea's status"})
    excerpt = ma.String(allow_none=True)
    score = ma.Float(allow_none=True)
    url = ma.String(metadata={"description": "its page"})


class SearchGroup(Schema):
    """The hits of one type, best first, with their total."""

    type = ma.String()
    total = ma.Integer()
    hits = ma.List(ma.Nested(SearchHit))


class SearchResult(Schema):
    """What the searcher may see that matches, grouped by type."""

    query = ma.String()
    total = ma.Integer()
    groups = ma.List(ma.Nested(SearchGroup))
