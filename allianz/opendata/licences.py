"""The licences open data may carry: keys of the DCAT-AP.de licence list (https://www.dcat-ap.de/def/licenses/),
each with its URI (the catalogue's dct:license), its name and the address of its text.

`OPEN_DATA_LICENSE` (config.py) names one of these keys; the default is Datenlizenz Deutschland – Namensnennung 2.0.
"""
from dataclasses import dataclass

LIST = "http://dcat-ap.de/def/licenses/"


@dataclass(frozen=True)
class Licence:
    """One licence of the DCAT-AP.de list."""

    key: str
    name: str
    text_url: str

    @property
    def uri(self):
        """The licence's URI in the DCAT-AP.de list (what dct:license points to)."""
        return LIST + self.key


LICENCES = {licence.key: licence for licence in (
    Licence("dl-by-de/2.0", "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            "https://www.govdata.de/dl-de/by-2-0"),
    Licence("dl-zero-de/2.0", "Datenlizenz Deutschland – Zero – Version 2.0", "https://www.govdata.de/dl-de/zero-2-0"),
    Licence("cc-by/4.0", "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
            "https://creativecommons.org/licenses/by/4.0/"),
    Licence("cc-by-sa/4.0", "Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 International "
            "(CC BY-SA 4.0)", "https://creativecommons.org/licenses/by-sa/4.0/"),
    Licence("cc-zero", "Creative Commons CC Zero License (cc-zero)",
            "https://creativecommons.org/publicdomain/zero/1.0/"),
)}


def licence(key):
    """The licence named `key`; a key not on the list is a configuration error (said at once, with the choices)."""
    if key not in LICENCES:
        raise RuntimeError(f"ALLIANZ_OPEN_DATA_LICENSE={key!r} is not on the DCAT-AP.de licence list this app knows: "
                           f"{', '.join(LICENCES)}")
    return LICENCES[key]
