"""The one declaration of the personal data Allianz keeps: every kind with its purpose, audience, retention,
where it sits in the graph, its fields and what erasure does with it.

The privacy page (/datenschutz), the data export (its files and LIESMICH.txt/README.txt) and the erasure read
this list; tests/test_privacy.py checks that every node label and property in the graph, and every
relationship of a person, is declared here. A new kind of personal data is one `Kind(...)` here (e.g. API
tokens: `Kind("api_tokens", …, label="ApiToken", link=Link("OWNED_BY", "in"), erase=DELETE)` — the erasure then
deletes them with the person, the export writes them, the page names them).

`link` says how a kind hangs on the person's `(:User)` node:
- `SELF`: properties of the User node itself;
- `Link(type, "out"|"in")`: the nodes at the end of that relationship of the person;
- `BY_EMAIL` / `BY_LOGIN_KEY` / `BY_ACTOR`: found by the person's e-mail address, the hash of it in the log-in
  counters, or as actor or subject of audit entries;
- `OUTSIDE`: not in the graph (cookies in the browser, the mail queue).
`erase` says what deleting the account does: DELETE the nodes, UNLINK (delete the relationship, the node is
someone else's), KEEP (what others rely on stays, its author shown as "ehemaliges Mitglied"), ANONYMISE (the
entry stays without the person's identity), or ENDS (gone with the account: cookies, sessions, settings).
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .queries import FORMER_LABEL

DELETE, UNLINK, KEEP, ANONYMISE, ENDS = "delete", "unlink", "keep", "anonymise", "ends"
SELF, BY_EMAIL, BY_LOGIN_KEY, BY_ACTOR, OUTSIDE = "self", "email", "login_key", "actor", "outside"

# What erasure does, in the words of the privacy page.
ERASE_WORDS = {DELETE: _l("wird gelöscht"), UNLINK: _l("der Bezug zu Ihnen wird entfernt"),
               KEEP: _l("bleibt, als „ehemaliges Mitglied“ ohne Hinweis auf Sie"),
               ANONYMISE: _l("bleibt, ohne Ihren Namen, Ihre E-Mail-Adresse und Ihre Kennung"),
               ENDS: _l("endet sofort")}

# FORMER_LABEL: the node an erased person leaves behind when what they wrote stays (no name, no e-mail, a
# fresh id), defined beside the Cypher that makes it.


@dataclass(frozen=True)
class Link:
    """A relationship of the person's (:User) node: its type and direction ("out": (u)-[:TYPE]->(n))."""

    type: str
    direction: str
    label: str


@dataclass(frozen=True)
class Field:
    """One property: its name in the graph and the export, its meaning, and whether the export carries it
    (secrets such as password hashes never leave)."""

    name: str
    meaning: object
    exported: bool = True
    stored: bool = True  # False: added by the export from the surroundings (a comment's idea), not a property


@dataclass(frozen=True)
class Kind:
    """One kind of personal data."""

    key: str  # the export's file name (key.json, key.csv)
    title: object
    purpose: object
    audience: object
    retention: object
    erase: str
    label: str | None = None
    links: tuple = ()  # Link(...) or one of SELF, BY_EMAIL, BY_LOGIN_KEY, BY_ACTOR, OUTSIDE
    fields: tuple = field(default_factory=tuple)

    @property
    def in_graph(self):
        """True when the export reads this kind from the graph."""
        return self.label is not None and OUTSIDE not in self.links


F = Field
_ID = F("id", _l("Kennung"))
_CREATED = F("created_at", _l("Zeitpunkt der Anlage (UTC)"))
_PROJECT = F("project_id", _l("Kennung der Idee bzw. des Projekts"), stored=False)
_AT = F("at", _l("Zeitpunkt (UTC)"))

KINDS = (
    Kind("account", _l("Konto"),
         _l("Anmeldung und Rollen: wer Sie sind, für welchen Partner Sie handeln und was Sie dürfen."),
         _l("Sie selbst; Koordination und Administration (Personenliste); Ihr Name für angemeldete Mitglieder "
            "bei Ihren Beiträgen."),
         _l("Bis Sie das Konto löschen; ein deaktiviertes Konto wird nach der eingestellten Frist "
            "(Standard 12 Monate) gelöscht."),
         DELETE, "User", (SELF,),
         (_ID, F("email", _l("E-Mail-Adresse (Anmeldename)")), F("name", _l("Name")),
          F("role", _l("Rolle: member, coordinator oder admin")), F("active", _l("Konto aktiv (true/false)")),
          F("created_at", _l("Zeitpunkt der Anlage (UTC)")), F("updated_at", _l("Letzte Änderung (UTC)")),
          F("last_login_at", _l("Letzte erfolgreiche Anmeldung (UTC)")),
          F("deactivated_at", _l("Zeitpunkt der Deaktivierung (UTC)")),
          F("failed_logins", _l("Fehlgeschlagene Anmeldungen in Folge")),
          F("locked_until", _l("Anmeldung gesperrt bis (UTC)")),
          F("password_changed_at", _l("Letzte Passwortänderung (UTC)")),
          F("session_version", _l("Zähler der Sitzungen: erhöht beim Abmelden, beendet alle Sitzungen")),
          F("version", _l("Versionszähler des Datensatzes")),
          F("password_hash", _l("Passwort als Argon2id-Hash (nie exportiert)"), exported=False))),
    Kind("notification_preferences", _l("Benachrichtigungseinstellungen"),
         _l("Welche Benachrichtigungen Sie per E-Mail erhalten, sofort oder als Tageszusammenfassung."),
         _l("Nur Sie."), _l("Wie das Konto."), ENDS, "User", (SELF,),
         (F("mail_kinds", _l("Arten von Benachrichtigungen, die per E-Mail kommen")),
          F("mail_digest", _l("Einmal täglich gesammelt (true/false)")))),
    Kind("membership", _l("Zugehörigkeit zu einem Partner"),
         _l("Für welchen Partner Sie handeln (Profil bearbeiten, Ideen des Partners)."),
         _l("Angemeldete Mitglieder."), _l("Wie das Konto."), UNLINK, "Partner",
         (Link("MEMBER_OF", "out", "Partner"),), (F("id", _l("Kennung des Partners")),
                                                  F("name", _l("Name des Partners")))),
    Kind("contacts", _l("Ansprechpersonen eines Partners"),
         _l("Damit Partner einander erreichen: Name, Funktion, E-Mail, Telefon."),
         _l("Angemeldete Mitglieder (oder nur Koordination, wenn so eingestellt); nie anonyme Besucher."),
         _l("Bis der Partner oder die Koordination den Eintrag entfernt, oder bis Sie Ihr Konto löschen "
            "(Einträge mit Ihrer E-Mail-Adresse)."),
         DELETE, "Contact", (BY_EMAIL,),
         (_ID, F("name", _l("Name")), F("function", _l("Funktion")), F("email", _l("E-Mail-Adresse")),
          F("phone", _l("Telefon")), F("visible_to_members", _l("Für Mitglieder sichtbar (true/false)")),
          F("version", _l("Versionszähler des Datensatzes")), _CREATED, F("updated_at", _l("Letzte Änderung (UTC)")),
          F("partner_id", _l("Kennung des Partners"), stored=False))),
    Kind("ideas", _l("Vorgeschlagene Ideen"),
         _l("Wer eine Idee vorgeschlagen hat (Rechte im Ablauf, Benachrichtigungen)."),
         _l("Angemeldete Mitglieder sehen Ihren Namen bei der Idee."),
         _l("Die Idee bleibt, solange die Allianz sie führt; nach Löschung des Kontos steht dort "
            "„ehemaliges Mitglied“."),
         KEEP, "Project", (Link("PROPOSED", "out", "Project"),),
         (F("id", _l("Kennung der Idee")), F("title", _l("Titel")), F("status", _l("Status")),
          F("at", _l("Zeitpunkt des Vorschlags (UTC)")))),
    Kind("comments", _l("Kommentare"), _l("Diskussion zu Ideen."),
         _l("Angemeldete Mitglieder, mit Ihrem Namen."),
         _l("Bleiben bei der Idee; nach Löschung des Kontos als „ehemaliges Mitglied“."),
         KEEP, "Comment", (Link("WROTE", "out", "Comment"),),
         (_ID, F("text", _l("Text")), _CREATED, F("edited_at", _l("Zuletzt bearbeitet (UTC)")),
          F("hidden_reason", _l("Von der Koordination ausgeblendet, mit Grund")),
          F("hidden_at", _l("Ausgeblendet am (UTC)")), _PROJECT)),
    Kind("status_changes", _l("Statuswechsel von Ideen"), _l("Nachvollziehbarer Ablauf einer Idee."),
         _l("Team der Idee und Koordination."), _l("Bleiben bei der Idee, ohne Ihren Namen nach Löschung."),
         KEEP, "Transition", (Link("BY", "out", "Transition"),),
         (_ID, _AT, F("from", _l("Status vorher")), F("to", _l("Status nachher")), F("reason", _l("Begründung")),
          F("action", _l("Schritt")), _PROJECT)),
    Kind("team_requests", _l("Einladungen und Beitrittsanfragen in Teams"),
         _l("Teams von Ideen zusammenstellen."), _l("Das Team der Idee und der eingeladene Partner."),
         _l("Bleiben bei der Idee, ohne Ihren Namen nach Löschung."),
         KEEP, "Invite", (Link("SENT", "out", "Invite"), Link("ANSWERED", "out", "Invite")),
         (_ID, F("kind", _l("invitation (Einladung) oder join_request (Anfrage)")), F("state", _l("Stand")),
          _CREATED, F("answered_at", _l("Beantwortet am (UTC)")), F("message", _l("Nachricht")),
          F("answer", _l("Antwort")), F("from_recommendation", _l("Aus einer Empfehlung des Matchings")),
          F("score", _l("Punktzahl der Empfehlung")), F("rank", _l("Rang der Empfehlung")), _PROJECT,
          F("relation", _l("SENT (von Ihnen gesendet) oder ANSWERED (von Ihnen beantwortet)"), stored=False))),
    Kind("competency_suggestions", _l("Vorschläge für Kompetenzen"),
         _l("Fehlende Kompetenzen dem Vokabular vorschlagen."), _l("Koordination."),
         _l("Bleiben beim Vokabular, ohne Ihren Namen nach Löschung."),
         KEEP, "CompetencySuggestion", (Link("SUGGESTED", "out", "CompetencySuggestion"),),
         (_ID, F("name", _l("Vorgeschlagener Name")), F("note", _l("Anmerkung")), F("level", _l("Stufe")),
          F("state", _l("Stand")), _CREATED, F("settled_at", _l("Entschieden am (UTC)")))),
    Kind("follows", _l("Gefolgte Ideen"), _l("Benachrichtigungen über Ideen, denen Sie folgen."),
         _l("Nur Sie."), _l("Bis Sie nicht mehr folgen oder das Konto löschen."),
         UNLINK, "Project", (Link("FOLLOWS", "out", "Project"),),
         (F("id", _l("Kennung der Idee")), F("title", _l("Titel")), F("at", _l("Seit (UTC)")))),
    Kind("supports", _l("Unterstützungen"),
         _l("Ein Partner unterstützt eine Idee; gespeichert wird die Unterstützung des Partners, wer geklickt hat "
            "steht nur im Änderungsverlauf."),
         _l("Alle (der Name des Partners)."),
         _l("Bleibt als Unterstützung des Partners; Ihr Name im Änderungsverlauf wird bei Löschung entfernt."),
         ANONYMISE, None, (BY_ACTOR,)),
    Kind("notifications", _l("Benachrichtigungen"), _l("Hinweise auf Änderungen an Ideen, die Sie betreffen."),
         _l("Nur Sie."), _l("Bis Sie das Konto löschen."), DELETE, "Notification",
         (Link("FOR", "in", "Notification"),),
         (_ID, F("kind", _l("Art")), _CREATED, F("read_at", _l("Gelesen am (UTC)")),
          F("mailed_at", _l("Per E-Mail gesendet am (UTC)")),
          F("project_id", _l("Kennung der Idee bzw. des Projekts")), F("project_title", _l("Titel der Idee")),
          F("actor_name", _l("Wer die Änderung gemacht hat")), F("detail", _l("Einzelheit")),
          F("action", _l("Schritt")), F("reason", _l("Begründung")))),
    Kind("invitations", _l("Einladungen"), _l("Neue Personen in die Allianz einladen."),
         _l("Koordination."),
         _l("Offen bis zum Ablauf (Standard 7 Tage); danach in der Liste der Einladungen, bis Sie das Konto "
            "löschen."),
         DELETE, "Invitation", (BY_EMAIL,),
         (_ID, F("email", _l("Eingeladene E-Mail-Adresse")), F("role", _l("Rolle")), _CREATED,
          F("expires_at", _l("Gültig bis (UTC)")), F("used_at", _l("Angenommen am (UTC)")),
          F("revoked_at", _l("Zurückgenommen am (UTC)")), F("sent_count", _l("Wie oft gesendet")),
          F("token_hash", _l("Hash des Einladungslinks (nie exportiert)"), exported=False))),
    Kind("invitations_sent", _l("Von Ihnen gesendete Einladungen"), _l("Wer wen eingeladen hat."),
         _l("Koordination."), _l("Die Einladung gehört der eingeladenen Person; Ihr Bezug wird bei Löschung "
                                 "entfernt."),
         UNLINK, "Invitation", (Link("SENT_BY", "in", "Invitation"),),
         (_ID, F("role", _l("Rolle")), _CREATED)),
    Kind("password_resets", _l("Links zum Zurücksetzen des Passworts"), _l("Ein vergessenes Passwort ersetzen."),
         _l("Niemand (nur der Link in Ihrer E-Mail)."),
         _l("Eine Stunde; gelöscht, sobald das Passwort geändert ist."),
         DELETE, "PasswordReset", (Link("FOR_USER", "in", "PasswordReset"),),
         (_CREATED, F("expires_at", _l("Gültig bis (UTC)")),
          F("token_hash", _l("Hash des Links (nie exportiert)"), exported=False))),
    Kind("api_tokens", _l("Schlüssel für die API"), _l("Programme Ihres Partners lesen und schreiben in Ihrem Namen."),
         _l("Nur Sie (der Schlüssel selbst wird nur einmal gezeigt und nur als Hash gespeichert)."),
         _l("Bis zum Ablauf oder Widerruf; gelöscht mit Ihrem Konto."),
         DELETE, "ApiToken", (Link("OWNED_BY", "in", "ApiToken"),),
         (_ID, F("name", _l("Name")), F("scopes", _l("Rechte")), _CREATED, F("expires_at", _l("Gültig bis (UTC)")),
          F("last_used_at", _l("Zuletzt benutzt (UTC)")), F("revoked_at", _l("Widerrufen (UTC)")),
          F("token_hash", _l("Hash des Schlüssels (nie exportiert)"), exported=False))),
    Kind("audit", _l("Änderungsverlauf"),
         _l("Nachvollziehbarkeit: wer wann was geändert hat (auch Änderungen an Ihrem Konto)."),
         _l("Koordination und Administration."),
         _l("Bleibt; nach Löschung des Kontos ohne Ihren Namen, Ihre E-Mail-Adresse und Ihre Kennung."),
         ANONYMISE, "AuditEvent", (BY_ACTOR, Link("DID", "out", "AuditEvent"), Link("ON", "in", "AuditEvent")),
         (_ID, _AT, F("action", _l("Handlung")), F("target_label", _l("Art des geänderten Objekts")),
          F("target_id", _l("Kennung des geänderten Objekts")), F("actor_id", _l("Kennung der handelnden Person")),
          F("actor_name", _l("Name der handelnden Person")), F("actor_erased", _l("Die handelnde Person hat ihr "
                                                                                  "Konto gelöscht")),
          F("via", _l("web oder cli")), F("changes_json", _l("Geänderte Felder als JSON: je Feld [vorher, nachher]")))),
    Kind("login_records", _l("Anmeldeversuche"),
         _l("Schutz vor dem Erraten von Passwörtern: Zähler fehlgeschlagener Anmeldungen je Konto (Hash der "
            "E-Mail-Adresse), Adresse und Gerät."),
         _l("Niemand; nur das System."), _l("90 Tage, danach gelöscht; nach erfolgreicher Anmeldung sofort."),
         DELETE, "LoginThrottle", (BY_LOGIN_KEY,),
         (F("key", _l("Zähler: account:<Hash der E-Mail>, address:<IP-Adresse> oder device:<Gerät>")),
          F("failures", _l("Fehlversuche")), F("last_failure", _l("Letzter Fehlversuch (UTC)")),
          F("locked_until", _l("Gesperrt bis (UTC)")))),
    Kind("sessions", _l("Sitzungen und „Angemeldet bleiben“"),
         _l("Angemeldet bleiben: ein signiertes Cookie mit Ihrer Kennung, dem Sitzungszähler und der Zeit der "
            "Anmeldung."),
         _l("Nur Ihr Browser."),
         _l("Sitzung: 30 Minuten ohne Aktivität, höchstens 12 Stunden; „Angemeldet bleiben“: 14 Tage; "
            "Abmelden, Passwortwechsel und Löschung beenden alle sofort."),
         ENDS, None, (OUTSIDE,)),
    Kind("device_cookie", _l("Geräte-Cookie (allianz_device)"),
         _l("Ein Browser, in dem Sie sich angemeldet haben, wird bei Fehlversuchen anderer nicht gesperrt: ein "
            "signiertes Cookie mit einem Hash Ihrer E-Mail-Adresse und einer Zufallszahl."),
         _l("Nur Ihr Browser."), _l("365 Tage."), ENDS, None, (OUTSIDE,)),
    Kind("mail", _l("E-Mail-Versand"),
         _l("E-Mails (Einladungen, Passwort, Benachrichtigungen) werden im Hintergrund gesendet; was nach "
            "mehreren Versuchen nicht zugestellt werden kann, wird mit Empfänger und Betreff (nie dem Text) "
            "protokolliert."),
         _l("Betrieb."), _l("Warteschlange: bis zum Versand; Protokoll unzustellbarer E-Mails: bis der Betrieb "
                            "es leert, Ihre Zeilen werden bei Löschung entfernt."),
         DELETE, None, (OUTSIDE,)),
)

# A deleted person's remnant: declared so that the schema check knows it.
FORMER = Kind("former_member", _l("Ehemaliges Mitglied"), _l("Platzhalter für Beiträge gelöschter Konten."),
              _l("Angemeldete Mitglieder sehen „ehemaliges Mitglied“."), _l("Solange die Beiträge bestehen."),
              KEEP, FORMER_LABEL, (), (_ID, F("erased_at", _l("Gelöscht am (UTC)"))))

# Labels that hold no personal data, with why (the schema check accepts them).
NOT_PERSONAL = {
    "Partner": "organisations (their contact persons are `contacts`)",
    "Project": "projects and ideas (who proposed one is `ideas`)",
    "Competency": "the vocabulary",
    "Field": "the fields of action",
    "CompetencyRedirect": "a merged competency's old id",
    "Migration": "applied schema files",
    "GraphState": "the revision counter",
}


def by_key(key):
    """The kind called `key`, or None."""
    return next((kind for kind in KINDS if kind.key == key), None)


def graph_kinds():
    """The kinds the export reads from the graph."""
    return [kind for kind in KINDS if kind.in_graph]


def relationship_kinds():
    """{(type, direction, label): kind} for every kind that hangs on the person by a relationship."""
    return {(link.type, link.direction, link.label): kind
            for kind in KINDS for link in kind.links if isinstance(link, Link)}


def declared_properties():
    """{label: set of property names} declared for the labels that hold personal data."""
    found = {}
    for kind in (*KINDS, FORMER):
        if kind.label and kind.label not in NOT_PERSONAL:
            found.setdefault(kind.label, set()).update(f.name for f in kind.fields if f.stored)
    return found
