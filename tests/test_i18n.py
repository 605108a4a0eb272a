"""English UI: the pages speak English after /sprache/en (German stays the default), and the English
catalog is complete: every message translated, none fuzzy, placeholders kept, no msgid in the code
that the catalog lacks."""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "allianz" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
# the keywords of `pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2`
KEYWORDS = dict(DEFAULT_KEYWORDS, _l=None, lazy_gettext=None, lazy_pgettext=((1, "c"), 2))
# %(name)s-style (python-format) and {name}-style (python-brace-format) placeholders
PERCENT = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}(?!\})")


def read_catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="en")


def forms(message):
    """A message's msgids and msgstrs as tuples (one item, or two for plural entries)."""
    ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return tuple(ids), tuple(strings)


def placeholders(text, message):
    found = set(PERCENT.findall(text))
    if "python-brace-format" in message.flags:
        found |= set(BRACE.findall(text))
    return found


@pytest.fixture(scope="module", autouse=True)
def compiled_catalog():
    """The .mo the app reads: compiled here when it is missing or older than the .po (bin/setup compiles it
    too). Runs before the module's app answers its first English request, so the app sees the new .mo."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        catalog = read_catalog()
        with MO.open("wb") as handle:
            write_mo(handle, catalog)
    return MO


def english(client):
    """Switch the client's session to English."""
    answer = client.get("/sprache/en")
    assert answer.status_code == 302
    return client


def page(client, url):
    answer = client.get(url)
    assert answer.status_code == 200, url
    return answer.get_data(as_text=True)


def nav(text):
    """The main navigation's link texts."""
    block = text.split('class="nav"', 1)[1].split("</nav>", 1)[0]
    return [label.strip() for label in re.findall(r">([^<>]+)</a>", block)]


# --- the pages --------------------------------------------------------------------------------------

def test_german_is_the_default(demo_client):
    text = page(demo_client, "/")
    assert '<html lang="de">' in text
    assert nav(text) == ["Partner", "Ideen", "Projekte", "Kompetenzen", "Handlungsfelder", "Netzwerk", "Partner finden"]
    assert "Übersicht" in text and "Overview" not in text


def test_switching_to_english_and_back(demo_client):
    english(demo_client)
    assert '<html lang="en">' in page(demo_client, "/")
    demo_client.get("/sprache/de")
    text = page(demo_client, "/")
    assert '<html lang="de">' in text and "Handlungsfelder" in text


def test_start_page_in_english(demo_client):
    text = page(english(demo_client), "/")
    assert '<html lang="en">' in text
    assert nav(text) == ["Partners", "Ideas", "Projects", "Competencies", "Fields of action", "Network",
                         "Find partners"]
    for word in ("Overview", "open ideas", "Explore the network", "Mobility", "Skip to content"):
        assert word in text, word
    for word in ("Übersicht", "Projekte", "Kompetenzen", "Handlungsfelder", "offene Ideen", "Zum Inhalt springen",
                 "Mobilität"):
        assert word not in text, word


def test_partner_list_and_partner_page_in_english(demo_client):
    english(demo_client)
    text = page(demo_client, "/partner/")
    assert "<h1>Partners</h1>" in text
    assert "38 partners found" in text
    for word in ("Filter partners", "Name contains", "All types", "Fields of action", "Company"):
        assert word in text, word
    for word in ("Partner gefunden", "Partner filtern", "Name enthält", "Alle Arten", "Handlungsfelder",
                 "Unternehmen"):
        assert word not in text, word

    text = page(demo_client, "/partner/p01")
    for word in ("Type", "Competencies", "Projects", "Role", "Lead", "Level", "Shared projects",
                 "has worked with", "Breadcrumb"):
        assert word in text, word
    for word in ("Kompetenzen", "Projekte", "Rolle", "Federführung", "Stufe", "Gemeinsame Projekte",
                 "zusammengearbeitet", "Navigationspfad"):
        assert word not in text, word


def test_project_list_in_english(demo_client):
    text = page(english(demo_client), "/projekte/")
    assert "<h1>Projects</h1>" in text
    for word in ("projects found", "Filter projects", "Title contains", "All statuses", "Sort by", "Title",
                 "Start", "active", "completed"):
        assert word in text, word
    for word in ("Projekte gefunden", "Projekte filtern", "Titel enthält", "Alle Status", "Sortierung", "Beginn",
                 "abgeschlossen"):
        assert word not in text, word


def test_network_page_in_english(demo_client):
    text = page(english(demo_client), "/netzwerk/")
    for word in ("Alliance network", "Partners and projects", "Legend", "Table: nodes", "Show in graph",
                 "Loading the graph", "nodes and {edges} connections drawn", "Field of action", "Company"):
        assert word in text, word
    for word in ("Allianz-Netzwerk", "Partner und Projekte", "Legende", "Tabelle: Knoten", "Im Bild zeigen",
                 "Das Bild wird geladen", "Verbindungen gezeichnet", "Handlungsfeld", "Unternehmen"):
        assert word not in text, word

    text = page(demo_client, "/netzwerk/analyse")
    for word in ("Network analysis", "Best connected (degree)", "Communities", "Supply and demand"):
        assert word in text, word
    for word in ("Netzwerkanalyse", "Gemeinschaften", "Angebot", "Bedarf"):
        assert word not in text, word


def test_matching_page_in_english(demo_client):
    english(demo_client)
    text = page(demo_client, "/matching/")
    for word in ("<h1>Find partners</h1>", "Competencies needed", "Partner types wanted", "Number of suggestions",
                 "Suggest partners", "Suggested introductions"):
        assert word in text, word
    for word in ("Benötigte Kompetenzen", "Gesuchte Arten von Partnern", "Anzahl Vorschläge", "Partner vorschlagen",
                 "Vorgeschlagene Vorstellungen"):
        assert word not in text, word

    text = page(demo_client, "/matching/?needs=daten-urbane-plattform&needs=mobil-sharing&top=5")
    assert "Suggestions" in text and "very good fit: 100 of 100" in text and "Why 100?" in text
    assert "covers open needs" in text and "against an average partner" in text
    for word in ("Vorschläge", "deckt offene Bedarfe", "Passung", "durchschnittlichen Partner",
                 "Keine passenden Partner"):
        assert word not in text, word


# --- the catalog ------------------------------------------------------------------------------------

def test_catalog_is_complete():
    """Every message has its English text and none is fuzzy: a new untranslated msgid fails here by name."""
    catalog = read_catalog()
    untranslated = [forms(m)[0][0] for m in catalog if m.id and not all(forms(m)[1])]
    fuzzy = [forms(m)[0][0] for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"untranslated in {PO.name}: {untranslated}"
    assert not fuzzy, f"fuzzy in {PO.name}: {fuzzy}"
    assert not catalog.fuzzy, "the catalog's header is marked fuzzy"


def test_catalog_placeholders_match():
    """%(name)s and {name} placeholders of the msgid(s) appear in every msgstr, and no others."""
    catalog = read_catalog()
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids, strings = forms(message)
        expected = set().union(*(placeholders(text, message) for text in ids))
        for index, text in enumerate(strings):
            if text and placeholders(text, message) != expected:
                wrong.append((ids[0], index, sorted(expected), sorted(placeholders(text, message))))
        if len(ids) > 1 and len(strings) != 2:
            wrong.append((ids[0], "plural forms", 2, len(strings)))
    assert not wrong, f"placeholders differ (msgid, form, expected, found): {wrong}"
    errors = [(message.id, [str(error) for error in found]) for message, found in catalog.check()]
    assert not errors, errors


def test_catalog_covers_the_code():
    """Every msgid the code and templates use (as `pybabel extract -F babel.cfg` finds them) is in the
    English catalog, so a string added without re-extracting and translating fails by name."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = read_catalog()
    missing = set()
    for filename, _lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, (tuple, list)) else message
        if msgid and catalog.get(msgid, context=context) is None:
            missing.add(f"{filename}: {msgid}" + (f" (context {context})" if context else ""))
    assert not missing, "not in the English catalog (run pybabel extract/update and translate): " + "; ".join(
        sorted(missing))


# -- the domain words in the forms' choices ------------------------------------------------------------
class ChoiceLabels(HTMLParser):
    """value → shown text of every <option> and every checkbox/radio with its <label for=…>."""

    def __init__(self):
        super().__init__()
        self.options, self.inputs, self.labels = {}, {}, {}
        self.current, self.text = None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "option":
            self.current, self.text = ("option", attrs.get("value")), []
        elif tag == "label" and attrs.get("for"):
            self.current, self.text = ("label", attrs["for"]), []
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio") and attrs.get("id"):
            self.inputs[attrs["id"]] = attrs.get("value")

    def handle_data(self, data):
        if self.current:
            self.text.append(data)

    def handle_endtag(self, tag):
        if self.current and tag == self.current[0]:
            kind, key = self.current
            (self.options if kind == "option" else self.labels)[key] = " ".join("".join(self.text).split())
            self.current = None

    def shown(self):
        """value → text over options and labelled inputs."""
        return {**self.options, **{self.inputs[i]: text for i, text in self.labels.items() if i in self.inputs}}


@pytest.mark.parametrize("language", ["de", "en"])
def test_role_kind_status_scale_and_value_choices_speak_the_page_language(app, login_as, language):
    from flask_babel import force_locale, gettext

    from allianz.vocabulary import CORE_VALUE_WORDS, KIND_WORDS, SCALE_WORDS, STATUS_WORDS, USER_ROLE_WORDS
    kora = login_as("coordinator")
    kora.get(f"/sprache/{language}")
    pages = {"/koordination/einladungen": [USER_ROLE_WORDS], "/partner/": [KIND_WORDS],
             "/projekte/": [STATUS_WORDS], "/ideen/neu": [KIND_WORDS, SCALE_WORDS, CORE_VALUE_WORDS]}
    for path, tables in pages.items():
        response = kora.get(path)
        assert response.status_code == 200, path
        parser = ChoiceLabels()
        parser.feed(response.get_data(as_text=True))
        shown = parser.shown()
        for words in tables:
            with app.test_request_context(), force_locale(language):
                expected = {key: gettext(word) for key, word in words.items()}
            offered = {key: shown[key] for key in words if key in shown}
            assert offered, (path, list(words))
            assert offered == {key: expected[key] for key in offered}, path
