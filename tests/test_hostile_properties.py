"""Property-based hostile input (hypothesis): every form and API field, and the importer's reader.

For any value: no 500, nothing echoed unescaped (a `<hx>` marker never comes back raw in a page; JSON
answers are strict JSON marked `nosniff`), and nothing
changed where the input is refused (the graph's revision stays, a refused folder writes nothing).
Examples are bounded (30 per property) so that the module runs in well under a minute.
"""
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allianz import revision
from allianz.exceptions import ImportRejected
from allianz.exchange.cells import escaped
from allianz.exchange.loader import import_folder
from allianz.exchange.reader import read_folder

MARKER = "<hx>"
HOSTILE = ["<hx>", "\"><hx>", "'><hx>", "javascript:<hx>", "../../etc/passwd", "%00", "\x00", "\x1b[31m", "\u202e",
           "1e999", "NaN", "Infinity", "-1", "0", "99999999999999999999999", "9" * 5000, "' OR 1=1 --",
           "{{7*7}}", "${7*7}", "a/b", "//example.com", "/\t/example.com", "\r\nSet-Cookie: x=1", "ä" * 300, "", " "]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40),
                   st.builds(lambda a, b: a + MARKER + b, st.text(max_size=10), st.text(max_size=10)),
                   st.integers(min_value=-10**20, max_value=10**20).map(str))
BOUNDED = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])

# page -> the query parameters its forms and links use
PAGES = {
    "/partner/": ("q", "kind", "field", "page"),
    "/projekte/": ("q", "status", "field", "sort", "page"),
    "/kompetenzen/": ("q",),
    "/matching/": ("needs", "fields", "kinds", "team", "new_bridges", "top", "suche"),
    "/netzwerk/": ("feld", "art", "status", "von", "bis", "max", "fokus", "ohne", "ansicht", "gemeinschaft"),
    "/netzwerk/analyse": ("jahre",),
    "/netzwerk/daten/allianz": ("feld", "art", "status", "von", "bis", "max", "fokus", "ohne"),
    "/sprache/de": ("next",),
    "/api/matching": ("id", "team", "fields", "needs", "kind", "exclude", "new_bridges", "top"),
    "/api/matching/konsortium": ("needs", "size", "top"),
}
API_KEYS = ("id", "team", "fields", "needs", "kind", "exclude", "new_bridges", "top", "size")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**15, max_value=10**15) | st.floats(allow_nan=False,
                                                                                         allow_infinity=False)
    | values,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(values, children, max_size=4), max_leaves=12)


def assert_sound(answer):
    """No server error, and the marker never comes back unescaped."""
    assert answer.status_code < 500, answer.get_data(as_text=True)[:500]
    body = answer.get_data(as_text=True)
    if answer.is_json:  # data, not markup: echoing an id is fine as long as no browser takes it for HTML
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        json.loads(body, parse_constant=lambda name: pytest.fail(f"{name} in a JSON answer"))
    else:
        assert MARKER not in body, body[max(0, body.find(MARKER) - 200):body.find(MARKER) + 50]


@pytest.mark.parametrize("path", sorted(PAGES))
def test_any_value_in_any_field_of_a_page_is_answered_soundly(demo_client, neo4j_server, path):
    before = revision.current(neo4j_server)

    @BOUNDED
    @given(params=st.dictionaries(st.sampled_from(PAGES[path]), values, max_size=4))
    def probe(params):
        assert_sound(demo_client.get(path, query_string=params))
    probe()
    assert revision.current(neo4j_server) == before  # reading never changes the graph


@pytest.mark.parametrize("path", ["/partner/", "/projekte/", "/kompetenzen/", "/netzwerk/partner/",
                                  "/netzwerk/projekt/", "/matching/projekt/", "/handlungsfelder/"])
def test_any_id_in_an_address_is_answered_soundly(demo_client, path):
    @BOUNDED
    @given(key=values.filter(lambda value: "\x00" not in value))
    def probe(key):
        assert_sound(demo_client.get(path + key.replace("/", "%2F").replace("?", "%3F").replace("#", "%23")))
    probe()


@pytest.mark.parametrize("path", ["/api/matching", "/api/matching/konsortium"])
def test_any_json_body_gets_an_answer_or_a_clear_400(demo_client, neo4j_server, path):
    before = revision.current(neo4j_server)

    @BOUNDED
    @given(body=st.one_of(st.dictionaries(st.sampled_from(API_KEYS), json_values, max_size=5), json_values))
    def probe(body):
        answer = demo_client.post(path, data=json.dumps(body), content_type="application/json")
        assert_sound(answer)
        if answer.status_code == 400:
            assert answer.get_json()["message"]
    probe()
    assert revision.current(neo4j_server) == before


PARTNER_COLUMNS = ("id", "name", "kind", "short_name", "description", "website", "country", "fields", "competencies")


def csv_cell(value):
    """One value as a quoted CSV cell."""
    return '"' + value.replace('"', '""') + '"'


@BOUNDED
@given(rows=st.lists(st.fixed_dictionaries({column: values for column in PARTNER_COLUMNS}), min_size=1, max_size=4),
       raw=st.binary(max_size=200))
def test_the_reader_reports_any_folder_as_problems_never_as_a_crash(rows, raw):
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        lines = [",".join(PARTNER_COLUMNS)] + [",".join(csv_cell(row[column]) for column in PARTNER_COLUMNS)
                                               for row in rows]
        (folder / "partners.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / "projects.csv").write_bytes(b"id,title,status\n" + raw)
        _data, problems = read_folder(folder)
    for problem in problems:
        text = str(problem)
        assert escaped(text) == text  # nothing raw reaches the operator's terminal
        assert text.split(":")[0] in ("partners.csv", "projects.csv")


def test_a_refused_folder_never_changes_the_graph(demo_graph):
    before = demo_graph.query("MATCH (n) WHERE NOT n:Migration AND NOT n:GraphState "
                              "RETURN count(n) AS nodes, COUNT { ()-->() } AS rels")

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(name=values, key=values, kind=st.sampled_from(["company", "robot", "", "science"]))
    def probe(name, key, kind):
        with tempfile.TemporaryDirectory() as temp:
            folder = Path(temp)
            (folder / "partners.csv").write_text(
                f"id,name,kind\n{csv_cell(key)},{csv_cell(name)},{kind}\nbad/id,{csv_cell(name)},{kind}\n",
                encoding="utf-8")
            with pytest.raises(ImportRejected):
                import_folder(demo_graph, folder, replace=True)
    probe()
    after = demo_graph.query("MATCH (n) WHERE NOT n:Migration AND NOT n:GraphState "
                             "RETURN count(n) AS nodes, COUNT { ()-->() } AS rels")
    assert after == before
