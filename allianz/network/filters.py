"""What a picture is asked for: the filters, their limits, and the alliance picture's two modes."""
from dataclasses import dataclass

DEFAULT_LIMIT = 300
MAX_LIMIT = 1000
MAX_HOPS = 3
FOCUS_CHARS = 100
PARTNERS, COMMUNITIES = "partner", "gemeinschaften"  # the alliance picture's modes (`?ansicht=`)


@dataclass(frozen=True)
class Filters:
    """Validated values from the query string (see `routes.filters_from`); part of every cache key."""

    field: str | None = None
    kind: str | None = None
    status: str | None = None
    first: int | None = None   # first year of the time window
    last: int | None = None    # last year of the time window
    limit: int = DEFAULT_LIMIT
    focus: str | None = None   # the id of the partner a search found (not the text: one variant per partner)
    isolated: bool = True      # show partners without a project in the selection
    hops: int = 1              # neighbourhood views: how far to go
    mode: str = PARTNERS       # alliance: partners, or communities as super-nodes
    community: int | None = None  # alliance: only the members of this community (1 = the largest)
