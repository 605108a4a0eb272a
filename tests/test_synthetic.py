"""Synthetic alliances (`allianz seed synthetic`): reproducible from a seed, shaped like CORDIS, importable."""
import csv
from collections import Counter

import pytest

from allianz.exchange import synthetic

FILES = ("fields.csv", "competencies.csv", "partners.csv", "projects.csv", "participations.csv")


def rows(folder, name):
    """The rows of one file of an exchange folder, as dicts."""
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A synthetic alliance of 20,000 partners, large enough for its distributions to settle."""
    folder = tmp_path_factory.mktemp("synthetic-20k")
    synthetic.write(folder, 20_000, seed=3)
    return {name: rows(folder, name) for name in FILES}


def test_the_same_seed_writes_the_same_files_and_another_seed_other_ones(tmp_path):
    synthetic.write(tmp_path / "a", 2000, seed=11)
    synthetic.write(tmp_path / "b", 2000, seed=11)
    synthetic.write(tmp_path / "c", 2000, seed=12)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "participations.csv").read_bytes() != (tmp_path / "c" / "participations.csv").read_bytes()


def test_kinds_come_in_the_configured_shares(large):
    kinds = Counter(partner["kind"] for partner in large["partners.csv"])
    assert sum(kinds.values()) == 20_000
    for kind, share in synthetic.KIND_SHARES.items():
        assert kinds[kind] / 20_000 == pytest.approx(share, abs=0.01), kind


def test_degrees_are_heavy_tailed_like_cordis_and_universities_take_part_most(large):
    kind = {partner["id"]: partner["kind"] for partner in large["partners.csv"]}
    degree = Counter(row["partner_id"] for row in large["participations.csv"])
    assert len(degree) == 20_000  # every partner takes part in a project
    assert len(large["participations.csv"]) / 20_000 == pytest.approx(3.09, abs=0.3)  # CORDIS: 27,930 / 9,039
    companies = [degree[partner] for partner, k in kind.items() if k == "company"]
    assert sum(d == 1 for d in companies) / len(companies) == pytest.approx(0.766, abs=0.04)
    science = [degree[partner] for partner, k in kind.items() if k == "science"]
    assert sum(science) / len(science) > 3 * sum(companies) / len(companies)  # CORDIS: 7.6 against 1.5
    assert max(degree.values()) >= 100


def test_teams_are_mostly_single_grants_with_a_long_tail_of_consortia(large):
    teams = Counter(row["project_id"] for row in large["participations.csv"])
    projects = large["projects.csv"]
    assert len(teams) == len(projects)  # no project without a team
    assert len(projects) / 20_000 == pytest.approx(0.76, abs=0.05)  # CORDIS: 6,861 / 9,039
    assert sum(size == 1 for size in teams.values()) / len(teams) == pytest.approx(0.60, abs=0.05)
    assert max(teams.values()) >= 30
    leads = Counter(row["project_id"] for row in large["participations.csv"] if row["role"] == "lead")
    assert set(leads.values()) == {1}
    assert len(leads) / len(projects) == pytest.approx(synthetic.LEAD, abs=0.02)


def test_profiles_come_from_the_projects_and_the_vocabulary_grows_with_the_square_root(large):
    topics = [row for row in large["competencies.csv"] if row["broader"]]
    assert len(topics) == pytest.approx(719 * (20_000 / 9039) ** 0.5, rel=0.05)
    needs = {row["id"]: row["needs"] for row in large["projects.csv"]}
    took_part = {}
    for row in large["participations.csv"]:
        took_part.setdefault(row["partner_id"], set()).add(needs[row["project_id"]])
    for partner in large["partners.csv"][:500]:
        held = {item.split(":")[0] for item in partner["competencies"].split(";")}
        assert 1 <= len(held) <= 5
        assert held <= took_part[partner["id"]]


def test_seed_synthetic_imports_a_thousand_partners_cleanly(cli, graph, tmp_path):
    result = cli("seed", "synthetic", "--partners", "1000", "--seed", "5", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert graph.query("RETURN COUNT { (:Partner) } AS n")[0]["n"] == 0  # --out only writes
    participations = len(rows(tmp_path, "participations.csv"))
    projects = len(rows(tmp_path, "projects.csv"))
    result = cli("seed", "synthetic", "--partners", "1000", "--seed", "5")
    assert result.exit_code == 0, result.output
    assert "1000 partners" in result.output
    found = graph.query("RETURN COUNT { (:Partner) } AS partners, COUNT { (:Project) } AS projects, "
                        "COUNT { ()-[:PARTICIPATES_IN]->() } AS participations, "
                        "COUNT { (:Partner)-[:HAS_COMPETENCY]->() } AS competencies")[0]
    assert (found["partners"], found["projects"], found["participations"]) == (1000, projects, participations)
    assert found["competencies"] >= 1000
