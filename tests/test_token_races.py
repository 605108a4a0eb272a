"""A link works once, even when it is used many times at the same moment: of 8 parallel uses of one
reset link with 8 passwords exactly one changes the password (one audit event, one password works);
of 8 parallel acceptances of one invitation exactly one creates a person."""
import threading

from account_helpers import ACTOR_ACCOUNTS
from test_invitations import link_in

PARALLEL = 8


def in_parallel(app, link, forms):
    """POST each of `forms` to `link` from its own client, all released at once; the statuses."""
    clients = [app.test_client() for _form in forms]
    tokens = [client.csrf_token(link) for client in clients]
    start, statuses = threading.Barrier(len(forms)), [None] * len(forms)

    def use(number):
        start.wait()
        statuses[number] = clients[number].post(link, data={"csrf_token": tokens[number], **forms[number]}).status_code
    threads = [threading.Thread(target=use, args=(number,)) for number in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_eight_parallel_uses_of_one_reset_link_change_the_password_once(app, actors, caplog, graph):
    email = ACTOR_ACCOUNTS["member_a"]["email"]
    app.test_client().post_form("/passwort-vergessen", {"email": email})
    link = link_in(caplog, "/passwort-neu/")
    passwords = [f"paralleles-passwort-nummer-{number}" for number in range(PARALLEL)]
    statuses = in_parallel(app, link, [{"password": p, "confirm": p} for p in passwords])
    assert statuses.count(303) == 1, statuses
    assert set(statuses) <= {303, 404}, statuses
    from allianz.accounts.service import password_matches
    with app.app_context():  # asked directly: eight log-ins with seven wrong passwords would lock the account
        working = [p for p in passwords if password_matches(actors["member_a"]["id"], p)]
    assert len(working) == 1
    assert passwords[statuses.index(303)] == working[0]
    events = graph.query("MATCH (e:AuditEvent {action: 'user.password_reset'}) RETURN count(e) AS n")[0]["n"]
    assert events == 1


def test_eight_parallel_acceptances_of_one_invitation_create_one_person(app, login_as, caplog, graph):
    coordinator = login_as("coordinator")
    coordinator.post_form("/koordination/einladungen", {"email": "neu@partner-a.example", "role": "member",
                                                        "partner_id": "pa"}, page="/koordination/einladungen")
    link = link_in(caplog, "/einladung/")
    forms = [{"name": f"Person {n}", "password": f"paralleles-passwort-nummer-{n}",
              "confirm": f"paralleles-passwort-nummer-{n}"} for n in range(PARALLEL)]
    statuses = in_parallel(app, link, forms)
    assert statuses.count(302) + statuses.count(303) == 1, statuses
    people = graph.query("MATCH (u:User {email: 'neu@partner-a.example'}) RETURN count(u) AS n")[0]["n"]
    assert people == 1
