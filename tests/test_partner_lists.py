"""A partner with many projects: its page lists them a page at a time and summarises its co-partners."""
import re

from allianz.exchange.loader import import_folder
from allianz.partners.service import CO_PARTNER_LIMIT, PROJECTS_PER_PAGE, SHARED_PROJECTS_SHOWN

from exchange_helpers import write_folder

PROJECTS = 60
OTHERS = 70


def busy_partner(tmp_path):
    """Partner `big` in 60 projects; `friend` shares all of them, 70 others one each."""
    partners = ["id,name,kind", "big,Big Science,science", "friend,Friend GmbH,company"]
    partners += [f"o{index},Other {index:02d},company" for index in range(OTHERS)]
    projects = ["id,title,status,started"] + [f"x{index:02d},Projekt {index:02d},completed,2020-01-{index % 28 + 1:02d}"
                                              for index in range(PROJECTS)]
    team = ["project_id,partner_id,role"]
    for index in range(PROJECTS):
        team += [f"x{index:02d},big,lead", f"x{index:02d},friend,partner", f"x{index:02d},o{index},partner"]
    team += [f"x00,o{index},partner" for index in range(PROJECTS, OTHERS)]
    return write_folder(tmp_path, fields=None, competencies=None, partners="\n".join(partners) + "\n",
                        projects="\n".join(projects) + "\n", participations="\n".join(team) + "\n")


def project_rows(html):
    """The project ids linked in the projects table."""
    table = html.split('id="projekte"')[1].split('id="zusammenarbeit"')[0]
    return re.findall(r'href="/projekte/(x\d+)"', table)


def test_the_projects_of_a_busy_partner_come_a_page_at_a_time(client, graph, tmp_path):
    import_folder(graph, busy_partner(tmp_path))
    first = client.get("/partner/big").get_data(as_text=True)
    assert len(project_rows(first)) == PROJECTS_PER_PAGE
    assert "Projekte 1–25 von 60." in first
    last = client.get("/partner/big?page=3").get_data(as_text=True)
    assert len(project_rows(last)) == PROJECTS - 2 * PROJECTS_PER_PAGE
    shown = set(project_rows(first)) | set(project_rows(client.get("/partner/big?page=2").get_data(as_text=True)))
    assert len(shown | set(project_rows(last))) == PROJECTS  # every project on exactly one page


def test_co_partners_are_summarised(client, graph, tmp_path):
    import_folder(graph, busy_partner(tmp_path))
    html = client.get("/partner/big").get_data(as_text=True)
    together = html.split('id="zusammenarbeit"')[1]
    assert together.count('href="/partner/') == CO_PARTNER_LIMIT
    assert f"Die {CO_PARTNER_LIMIT} mit den meisten gemeinsamen Projekten von 71." in together
    friend_row = together.split("Friend GmbH")[1].split("</tr>")[0]
    assert friend_row.count('href="/projekte/') == SHARED_PROJECTS_SHOWN
    assert f"und {PROJECTS - SHARED_PROJECTS_SHOWN} weitere" in friend_row


def test_a_partner_without_projects_still_has_a_page(client, graph, tmp_path):
    import_folder(graph, write_folder(tmp_path, partners="id,name,kind\nlone,Lone,company\n", participations=None,
                                      projects=None))
    html = client.get("/partner/lone").get_data(as_text=True)
    assert "Noch in keinem Projekt." in html and "Noch keine gemeinsamen Projekte" in html


def test_the_kept_lists_follow_every_change_of_the_graph(client, graph, tmp_path):
    import_folder(graph, busy_partner(tmp_path / "one"))
    assert "Projekt 55" in client.get("/partner/big").get_data(as_text=True)
    import_folder(graph, write_folder(tmp_path / "two", fields=None, competencies=None,
                                      partners="id,name,kind\nbig,Big Science,science\n",
                                      projects="id,title,status,started\nx55,Umbenannt,completed,2020-01-28\n",
                                      participations=None))
    html = client.get("/partner/big").get_data(as_text=True)
    assert "Umbenannt" in html and "Projekt 55" not in html
