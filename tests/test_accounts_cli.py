"""`allianz user …`, `seed demo` log-ins, and what an import with --replace keeps."""
import json

from account_helpers import PASSWORD
from conftest import DEMO_DIR


def test_user_create_reads_the_password_from_stdin_and_is_audited(app, graph, cli):
    graph.execute("CREATE (:Partner {id: 'p9', name: 'Neun', kind: 'company', version: 1})")
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from allianz.cli import main
    result = CliRunner().invoke(main, ["user", "create", "--email", "Neu@Partner.example", "--partner", "p9",
                                       "--role", "member"], input=PASSWORD + "\n",
                                obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    row = graph.query("""MATCH (e:AuditEvent {action: 'user.create'})-[:ON]->(u:User)-[:MEMBER_OF]->(p:Partner)
                         RETURN u.email AS email, u.password_hash AS hash, e.via AS via, e.changes_json AS changes,
                                p.id AS partner""")[0]
    assert row["email"] == "neu@partner.example" and row["partner"] == "p9" and row["via"] == "cli"
    assert row["hash"].startswith("$argon2id$")
    assert "hash" not in json.loads(row["changes"]) and "password_hash" not in row["changes"]


def test_user_create_refuses_a_weak_password_an_unknown_partner_and_a_bad_role(app, graph, cli):
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from allianz.cli import main

    def create(*args, password=PASSWORD):
        return CliRunner().invoke(main, ["user", "create", *args], input=password + "\n",
                                  obj=ScriptInfo(create_app=lambda: app))
    weak = create("--email", "a@b.example", "--role", "coordinator", password="qwerty123456")
    assert weak.exit_code == 1 and "verbreitet" in weak.output
    assert create("--email", "a@b.example", "--partner", "nope").exit_code == 1
    assert create("--email", "a@b.example", "--role", "king").exit_code == 2
    assert graph.query("MATCH (u:User) RETURN count(u) AS n")[0]["n"] == 0


def test_user_deactivate_and_list(app, actors, cli, graph):
    result = cli("user", "deactivate", "ANNA@partner-a.example")
    assert result.exit_code == 0 and "deactivated" in result.output
    listing = cli("user", "list")
    assert "anna@partner-a.example\tmember\tpa\tinactive" in listing.output
    assert "4 people" in listing.output
    assert graph.query("MATCH (e:AuditEvent {action: 'user.deactivate', via: 'cli'}) RETURN count(e) AS n")[0]["n"] == 1
    assert cli("user", "deactivate", "nobody@x.example").exit_code == 1


def test_import_replace_keeps_people_memberships_and_the_audit_trail(app, graph, cli):
    assert cli("seed", "demo").exit_code == 0
    from allianz.accounts.demo import DEMO_ACCOUNTS
    events = graph.query("MATCH (e:AuditEvent) RETURN count(e) AS n")[0]["n"]
    assert events == len(DEMO_ACCOUNTS)
    graph.execute("""MATCH (p:Partner {id: 'p02'}) SET p.description = 'im App geändert'
                     CREATE (p)-[:HAS_CONTACT]->(:Contact {id: 'k1', name: 'Erika Muster', version: 1})
                     CREATE (:Partner {id: 'app-neu', name: 'Im App angelegt', kind: 'startup', origin: 'app',
                                       version: 1})
                     CREATE (:Partner {id: 'p99', name: 'Nur importiert', kind: 'company', version: 1})""")
    result = cli("import", DEMO_DIR, "--replace")
    assert result.exit_code == 0, result.output
    assert ("kept the app's own data: 3 people, 3 memberships, 3 audit events, 1 contacts, 1 held domain nodes"
            in result.output)
    assert graph.query("MATCH (:Partner {id: 'p02'})-[:HAS_CONTACT]->(c:Contact) "
                       "RETURN c.name AS n")[0]["n"] == "Erika Muster"
    assert graph.query("MATCH (p:Partner) WHERE p.id IN ['app-neu', 'p99'] "
                       "RETURN collect(p.id) AS ids")[0]["ids"] == ["app-neu"]
    again = cli("seed", "demo")
    assert again.exit_code == 0 and "kept the app's own data" in again.output
    rows = graph.query("MATCH (u:User)-[:MEMBER_OF]->(p:Partner) "
                       "RETURN u.email AS email, p.id AS partner ORDER BY email")
    assert [(r["email"], r["partner"]) for r in rows] == [
        ("admin@demo.example", "p01"), ("koordination@demo.example", "p01"), ("mitglied@demo.example", "p02")]
    assert graph.query("MATCH (e:AuditEvent) RETURN count(e) AS n")[0]["n"] == events
    # the imported data itself was replaced
    assert graph.query("MATCH (p:Partner {id: 'p02'}) RETURN p.description AS d")[0]["d"].startswith("Demodaten:")
    assert graph.query("MATCH (:Partner {id: 'p02'})-[r:HAS_COMPETENCY]->() RETURN count(r) AS n")[0]["n"] == 6


def test_seed_demo_creates_one_log_in_per_role_that_works(app, graph, cli):
    result = cli("seed", "demo")
    assert "demo log-ins created" in result.output
    from allianz.accounts.demo import DEMO_ACCOUNTS
    assert sorted(role for _e, _p, role, _pid, _n in DEMO_ACCOUNTS) == ["admin", "coordinator", "member"]
    for email, password, _role, _partner, _name in DEMO_ACCOUNTS:
        assert app.test_client().log_in(email, password).status_code == 302


def test_seed_demo_creates_no_log_ins_in_production(app, graph, cli):
    app.config["ENV"] = "production"
    result = cli("seed", "demo")
    assert result.exit_code == 0 and "no demo log-ins" in result.output
    assert graph.query("MATCH (u:User) RETURN count(u) AS n")[0]["n"] == 0
