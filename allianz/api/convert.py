"""Values of the domain services as JSON: dates and times as ISO 8601 text."""
from datetime import date, datetime, time


def jsonable(value):
    """`value` with every date, time and datetime (also inside lists and dicts) as ISO 8601 text."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if hasattr(value, "iso_format"):  # a driver value the service left as it is
        return value.iso_format()
    return value
