"""The route × actor authorization tables: EVERY rule in the app's URL map has a row here (the pages in
ROUTES, the JSON API v1 in API_ROUTES).

A row: the URL (placeholders filled from the test world in test_authorization_matrix.py) and, per
method the route takes, the expected status for each of the five actors. A POST is sent with a valid
CSRF token and `data` (usually nothing else, so allowed actors get a validation answer and nothing
changes), which checks the permission, not the form. A new route without a row fails the test:
add one here.

Placeholders: {pa} {pb} partner A / B, {project}, {field}, {competency}, {target_user} (a person
who is not an actor), {invitation}, {contact} (partner A's contact), {suggestion}, {missing}
(an id that exists nowhere), {token} (an invalid link token).
"""
ACTORS = ("anonymous", "member_a", "member_b", "coordinator", "admin")


def each(status):
    """The same status for every actor."""
    return dict.fromkeys(ACTORS, status)


def expect(anonymous, member_a, member_b, coordinator, admin):
    """Statuses in the order of ACTORS."""
    return dict(zip(ACTORS, (anonymous, member_a, member_b, coordinator, admin), strict=True))


PUBLIC = each(200)
LOGGED_IN = expect(302, 200, 200, 200, 200)
COORDINATORS = expect(302, 403, 403, 200, 200)
PARTNER_A_EDITORS = expect(302, 200, 403, 200, 200)


def row(url, **methods):
    """One route: its URL and, per method (GET=…, POST=…), the statuses by actor; `data` for the POST."""
    return {"url": url, **methods}


ROUTES = {
    # -- reading (public) ----------------------------------------------------------------------------
    "/": row("/", GET=PUBLIC),
    "/healthz": row("/healthz", GET=PUBLIC),
    "/palette.css": row("/palette.css", GET=PUBLIC),
    "/sprache/<lang>": row("/sprache/en?next=/", GET=each(302)),
    "/partner/": row("/partner/", GET=PUBLIC),
    "/partner/<id>": row("/partner/{pa}", GET=PUBLIC),
    "/projekte/": row("/projekte/", GET=PUBLIC),
    "/projekte/<id>": row("/projekte/{project}", GET=each(302)),   # an open idea: it leads to its one page
    "/kompetenzen/": row("/kompetenzen/", GET=PUBLIC),
    "/kompetenzen/<id>": row("/kompetenzen/{competency}", GET=PUBLIC),
    "/kompetenzen/suche": row("/kompetenzen/suche?q=da", GET=PUBLIC),
    "/handlungsfelder/": row("/handlungsfelder/", GET=PUBLIC),
    "/handlungsfelder/<key>": row("/handlungsfelder/{field}", GET=PUBLIC),
    "/netzwerk/": row("/netzwerk/", GET=PUBLIC),
    "/netzwerk/partner-projekte": row("/netzwerk/partner-projekte", GET=PUBLIC),
    "/netzwerk/partner-kompetenzen": row("/netzwerk/partner-kompetenzen", GET=PUBLIC),
    "/netzwerk/partner/<id>": row("/netzwerk/partner/{pa}", GET=PUBLIC),
    "/netzwerk/projekt/<id>": row("/netzwerk/projekt/{project}", GET=PUBLIC),
    "/netzwerk/daten/<view>": row("/netzwerk/daten/allianz", GET=PUBLIC),
    "/netzwerk/daten/<view>/<ref>": row("/netzwerk/daten/partner/{pa}", GET=PUBLIC),
    "/netzwerk/export/<view>.graphml": row("/netzwerk/export/allianz.graphml", GET=PUBLIC),
    "/netzwerk/export/<view>/<ref>.graphml": row("/netzwerk/export/partner/{pa}.graphml", GET=PUBLIC),
    "/netzwerk/vendor/<name>": row("/netzwerk/vendor/vis-network.min.js", GET=PUBLIC),
    "/netzwerk/analyse": row("/netzwerk/analyse", GET=PUBLIC),
    "/netzwerk/analyse.json": row("/netzwerk/analyse.json", GET=PUBLIC),
    "/matching/": row("/matching/", GET=PUBLIC),
    "/matching/projekt/<project_id>": row("/matching/projekt/{project}", GET=PUBLIC),
    "/matching/vorstellungen": row("/matching/vorstellungen", GET=PUBLIC),
    # the JSON API is csrf-exempt and public; a GET answers an empty query, an empty POST body is a 400
    "/api/matching": row("/api/matching", GET=PUBLIC, POST=each(400)),
    "/api/matching/konsortium": row("/api/matching/konsortium", GET=PUBLIC, POST=each(400)),
    "/api/matching/partner": row("/api/matching/partner?q=Stadt", GET=PUBLIC),
    "/suche": row("/suche?q=Partner", GET=PUBLIC),
    "/suche/vorschlaege": row("/suche/vorschlaege?q=Partner", GET=PUBLIC),
    "/static/<path:filename>": row("/static/css/allianz.css", GET=PUBLIC),
    # open data: public files; the coordinators' choice of what is left out (without a version: 400, nothing changes)
    "/offene-daten/": row("/offene-daten/", GET=PUBLIC),
    "/offene-daten/<kind>.csv": row("/offene-daten/partners.csv", GET=PUBLIC),
    "/offene-daten/<kind>.jsonld": row("/offene-daten/allianz.jsonld", GET=PUBLIC),
    "/offene-daten/allianz.zip": row("/offene-daten/allianz.zip", GET=PUBLIC),
    "/offene-daten/netzwerk.graphml": row("/offene-daten/netzwerk.graphml", GET=PUBLIC),
    "/offene-daten/katalog.ttl": row("/offene-daten/katalog.ttl", GET=PUBLIC),
    "/offene-daten/katalog.jsonld": row("/offene-daten/katalog.jsonld", GET=PUBLIC),
    "/offene-daten/<any(partner, projekt):what>/<id>": row("/offene-daten/partner/{pa}",
                                                          POST=expect(302, 403, 403, 400, 400)),
    # -- accounts --------------------------------------------------------------------------------------
    "/anmelden": row("/anmelden", GET=expect(200, 302, 302, 302, 302), POST=expect(400, 302, 302, 302, 302)),
    "/abmelden": row("/abmelden", POST=expect(302, 303, 303, 303, 303), relogin=True),
    "/konto": row("/konto", GET=LOGGED_IN),
    "/konto/schluessel": row("/konto/schluessel", POST=expect(302, 400, 400, 400, 400)),
    "/konto/schluessel/<token_id>/widerrufen": row("/konto/schluessel/{missing}/widerrufen",
                                                   POST=expect(302, 303, 303, 303, 303)),
    "/konto/passwort": row("/konto/passwort", GET=LOGGED_IN, POST=expect(302, 400, 400, 400, 400)),
    "/passwort-vergessen": row("/passwort-vergessen", GET=PUBLIC, POST=each(400)),
    "/passwort-neu/<token>": row("/passwort-neu/{token}", GET=each(404), POST=each(404)),
    "/einladung/<token>": row("/einladung/{token}", GET=each(404), POST=each(404)),
    # -- coordination ---------------------------------------------------------------------------------
    "/koordination/personen": row("/koordination/personen", GET=COORDINATORS),
    "/koordination/personen/<user_id>/<any(deaktivieren, reaktivieren):change>": row(
        "/koordination/personen/{target_user}/reaktivieren", POST=expect(302, 403, 403, 303, 303)),
    "/koordination/einladungen": row("/koordination/einladungen", GET=COORDINATORS,
                                     POST=expect(302, 403, 403, 400, 400)),
    "/koordination/einladungen/<invitation_id>/<any(erneut, zuruecknehmen):change>": row(
        "/koordination/einladungen/{missing}/erneut", POST=expect(302, 403, 403, 404, 404)),
    "/koordination/partner/neu": row("/koordination/partner/neu", GET=COORDINATORS,
                                     POST=expect(302, 403, 403, 400, 400)),
    # -- privacy: the page, the own data, the coordinators' access and erasure requests -----------------
    "/datenschutz": row("/datenschutz", GET=PUBLIC),
    "/konto/daten": row("/konto/daten", POST=expect(302, 200, 200, 200, 200)),
    "/konto/loeschen": row("/konto/loeschen", GET=LOGGED_IN, POST=expect(302, 400, 400, 400, 400)),
    "/koordination/personen/<user_id>/datenschutz": row("/koordination/personen/{target_user}/datenschutz",
                                                        GET=COORDINATORS),
    "/koordination/personen/<user_id>/auskunft": row("/koordination/personen/{target_user}/auskunft",
                                                     POST=expect(302, 403, 403, 200, 200)),
    "/koordination/personen/<user_id>/loeschen": row("/koordination/personen/{target_user}/loeschen",
                                                     POST=expect(302, 403, 403, 400, 400)),
    "/koordination/verlauf/partner/<id>": row("/koordination/verlauf/partner/{pa}", GET=COORDINATORS),
    "/koordination/verlauf/person/<user_id>": row("/koordination/verlauf/person/{target_user}", GET=COORDINATORS),
    # -- partner self-service (member A's own partner; member B must get 403: IDOR) -------------------
    "/partner/<id>/bearbeiten": row("/partner/{pa}/bearbeiten", GET=PARTNER_A_EDITORS,
                                    POST=expect(302, 400, 403, 400, 400)),
    "/partner/<id>/kontakte": row("/partner/{pa}/kontakte", GET=PARTNER_A_EDITORS,
                                  POST=expect(302, 400, 403, 400, 400)),
    "/partner/<id>/kontakte/<contact_id>": row("/partner/{pa}/kontakte/{contact}",
                                               POST=expect(302, 400, 403, 400, 400)),
    "/partner/<id>/kontakte/<contact_id>/loeschen": row("/partner/{pa}/kontakte/{missing}/loeschen",
                                                        POST=expect(302, 404, 403, 404, 404)),
    # -- vocabulary -----------------------------------------------------------------------------------
    "/kompetenzen/pflege": row("/kompetenzen/pflege", GET=COORDINATORS),
    "/kompetenzen/pflege/neu": row("/kompetenzen/pflege/neu", POST=expect(302, 403, 403, 303, 303)),
    "/kompetenzen/<id>/pflegen": row("/kompetenzen/{competency}/pflegen", GET=COORDINATORS,
                                     POST=expect(302, 403, 403, 400, 400)),
    "/kompetenzen/vorschlaege/<suggestion_id>": row("/kompetenzen/vorschlaege/{missing}",
                                                    POST=expect(302, 403, 403, 400, 400)),
    "/kompetenzen/vorschlagen/<partner_id>": row("/kompetenzen/vorschlagen/{pa}", POST=expect(302, 303, 403, 303, 303)),
    # -- ideas to projects ({project} is partner A's idea; member A's partner leads its team) -------------
    "/ideen/": row("/ideen/", GET=PUBLIC),
    "/ideen/neu": row("/ideen/neu", GET=LOGGED_IN, POST=expect(302, 400, 400, 400, 400)),
    "/ideen/<id>": row("/ideen/{project}", GET=PUBLIC),
    "/ideen/<id>/bearbeiten": row("/ideen/{project}/bearbeiten", GET=PARTNER_A_EDITORS,
                                  POST=expect(302, 400, 403, 400, 400)),
    "/ideen/aehnliche": row("/ideen/aehnliche?title=Luft", GET=PUBLIC),
    "/ideen/passend": row("/ideen/passend", GET=LOGGED_IN),
    "/ideen/ergebnisse": row("/ideen/ergebnisse", GET=COORDINATORS),
    # only the team and coordinators act; without a version the form is a 400 and nothing changes
    "/ideen/<id>/status/<action>": row("/ideen/{project}/status/submit", POST=expect(302, 400, 403, 400, 400)),
    "/ideen/<id>/einladen": row("/ideen/{project}/einladen", POST=expect(302, 400, 403, 400, 400)),
    # member A is in the team already (a clear message); member B's partner asks to join; staff have no partner
    "/ideen/<id>/beitreten": row("/ideen/{project}/beitreten", POST=expect(302, 303, 303, 403, 403)),
    "/ideen/einladungen/<invite_id>/<any(annehmen, ablehnen):answer>": row(
        "/ideen/einladungen/{missing}/annehmen", POST=expect(302, 404, 404, 404, 404)),
    # an empty comment is refused with a message (303, nothing saved); staff have no partner to support with
    "/ideen/<id>/kommentare": row("/ideen/{project}/kommentare", POST=expect(302, 303, 303, 303, 303)),
    "/ideen/kommentare/<comment_id>/<any(bearbeiten, loeschen, verbergen):change>": row(
        "/ideen/kommentare/{missing}/loeschen", POST=expect(302, 404, 404, 404, 404)),
    "/ideen/<id>/unterstuetzen": row("/ideen/{project}/unterstuetzen", POST=expect(302, 403, 303, 403, 403)),
    "/ideen/<id>/folgen": row("/ideen/{project}/folgen", POST=expect(302, 303, 303, 303, 303)),
    "/benachrichtigungen/": row("/benachrichtigungen/", GET=LOGGED_IN),
    "/benachrichtigungen/gelesen": row("/benachrichtigungen/gelesen", POST=expect(302, 303, 303, 303, 303)),
    "/benachrichtigungen/<id>/oeffnen": row("/benachrichtigungen/{missing}/oeffnen",
                                            POST=expect(302, 404, 404, 404, 404)),
    "/benachrichtigungen/einstellungen": row("/benachrichtigungen/einstellungen",
                                             POST=expect(302, 303, 303, 303, 303)),
}


# -- the JSON API v1: token actors --------------------------------------------------------------------------
# none: no credentials; read_token / write_token / revoked_token: member A's personal access tokens (scope read;
# read and write; write but revoked); session: member A logged in by cookie, no token (reads only: a cookie never
# writes); member_b, coordinator, admin: write tokens of those people. Each request sends `json` (default {}).
# {draft} is partner A's idea in draft (origin app: only its team and coordinators see it); {project} is an
# imported idea of partner A (public: member B sees it but may not change it). A body is checked before the idea
# is looked up, so an empty one is a 422 whether the idea exists or not (nothing is told).
API_ACTORS = ("none", "read_token", "write_token", "revoked_token", "session", "member_b", "coordinator", "admin")


def api(none, read_token, write_token, revoked_token, session, member_b, coordinator, admin):
    """Statuses in the order of API_ACTORS."""
    return dict(zip(API_ACTORS, (none, read_token, write_token, revoked_token, session, member_b, coordinator, admin),
                    strict=True))


def api_each(status, revoked=401):
    """The same status for every actor, but 401 for the revoked token (refused before anything else)."""
    return {**dict.fromkeys(API_ACTORS, status), "revoked_token": revoked}


API_PUBLIC = api_each(200)
API_PERSON = api(401, 200, 200, 401, 200, 200, 200, 200)
API_WRITE_MISSING_BODY = api(401, 403, 422, 401, 401, 422, 422, 422)  # a write with an empty body: 422 once allowed

API_ROUTES = {
    "/api/v1/docs": {"url": "/api/v1/docs", "GET": API_PUBLIC},
    "/api/v1/openapi.json": {"url": "/api/v1/openapi.json", "GET": API_PUBLIC},
    "/api/v1/partners": {"url": "/api/v1/partners?kind=company", "GET": API_PUBLIC},
    "/api/v1/partners/<id>": {"url": "/api/v1/partners/{pa}", "GET": API_PUBLIC},
    "/api/v1/competencies": {"url": "/api/v1/competencies?q=dat", "GET": API_PUBLIC},
    "/api/v1/competencies/<id>": {"url": "/api/v1/competencies/{competency}", "GET": API_PUBLIC},
    "/api/v1/fields": {"url": "/api/v1/fields", "GET": API_PUBLIC},
    "/api/v1/fields/<key>": {"url": "/api/v1/fields/{field}", "GET": API_PUBLIC},
    "/api/v1/projects": {"url": "/api/v1/projects?status=completed", "GET": API_PUBLIC},
    "/api/v1/search": {"url": "/api/v1/search?q=Luft", "GET": API_PUBLIC},
    "/api/v1/projects/<id>": {"url": "/api/v1/projects/{draft}",
                              "GET": api(404, 200, 200, 401, 200, 404, 200, 200)},
    "/api/v1/ideas": {"url": "/api/v1/ideas", "GET": API_PUBLIC, "POST": API_WRITE_MISSING_BODY},
    # the draft: hidden from everyone outside its team (404, as unknown); member B's write token changes nothing
    "/api/v1/ideas/<id>": {"url": "/api/v1/ideas/{draft}", "GET": api(404, 200, 200, 401, 200, 404, 200, 200),
                           "PATCH": api(401, 403, 428, 401, 401, 404, 428, 428)},
    "/api/v1/ideas/<id>/transitions": {"url": "/api/v1/ideas/{draft}/transitions",
                                       "POST": API_WRITE_MISSING_BODY},
    "/api/v1/ideas/<id>/comments": {"url": "/api/v1/ideas/{draft}/comments",
                                    "GET": api(401, 200, 200, 401, 200, 404, 200, 200),
                                    "POST": API_WRITE_MISSING_BODY},
    # staff have no partner to support with; the team's own partner may not support its idea
    "/api/v1/ideas/<id>/support": {"url": "/api/v1/ideas/{project}/support",
                                   "PUT": api(401, 403, 403, 401, 401, 200, 403, 403),
                                   "DELETE": api(401, 403, 200, 401, 401, 200, 403, 403)},
    "/api/v1/invitations": {"url": "/api/v1/invitations", "GET": API_PERSON},
    "/api/v1/invitations/<invite_id>/answer": {"url": "/api/v1/invitations/{missing}/answer",
                                               "POST": API_WRITE_MISSING_BODY},
    "/api/v1/network/<view>": {"url": "/api/v1/network/allianz?kind=company", "GET": API_PUBLIC},
    "/api/v1/network/<view>/<ref>": {"url": "/api/v1/network/partner/{pa}", "GET": API_PUBLIC},
    # the matcher's POSTs read (the query is a JSON document): public, like /matching/
    "/api/v1/matching": {"url": "/api/v1/matching", "POST": api_each(200)},
    "/api/v1/matching/consortium": {"url": "/api/v1/matching/consortium", "POST": api_each(200)},
    "/api/v1/matching/partners": {"url": "/api/v1/matching/partners?q=Partner", "GET": API_PUBLIC},
    "/api/v1/me": {"url": "/api/v1/me", "GET": API_PERSON},
}
