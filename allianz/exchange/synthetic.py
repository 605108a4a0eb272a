"""Synthetic alliances of any size, shaped like the CORDIS H2020 data, written as an exchange folder.

`allianz seed synthetic --partners N --seed S` writes one (and imports it unless `--out` is given); the growth
benchmark (bench/growth.py) measures the app on them at 1k to 100k partners. The same N and seed give the same
files byte for byte.

The shape comes from the CORDIS H2020 2014–2017 development data (9,039 partners, 6,861 projects, 27,930
participations), read once; only the distributions below are kept, never the data:
- the kinds of partners, and per kind how many projects a partner takes part in (its degree: 77 % of companies
  are in one project, a few universities in 200 to 350);
- 17 fields of action with their share of projects, their number of competencies (call topics) and whether
  their projects are single-partner grants (ERC, MSCA, SME instrument: 85 % have a team of one) or
  collaborations (mean team of 8.7);
- one need per project (its call topic, the popular ones more often), the project status and its duration;
- 60 % of a partner's participations in its home field, the rest anywhere.
CORDIS has no startups, associations or chambers; here a tenth of the companies are startups and a quarter of
the civil society are associations or chambers, with the degrees of the kind they come from. Partners in
CORDIS carry no fields or competencies of their own; here, as the README of that data says to infer them, a
partner's fields are those of its projects (at most 3) and its competencies the needs of its projects (at
most 5, the level rising with the projects behind it). The vocabulary grows with the square root of the
partners (719 topics at CORDIS size), each topic under one broader competency per field.

Teams come from a configuration model: every partner's degree and every project's team size are drawn first,
then the partners' places are dealt to the projects' places, within the home field first. A partner dealt
twice into one team keeps one place, so degrees come out slightly below the drawn ones.
"""
import csv
import math
import random
from datetime import date
from itertools import accumulate
from pathlib import Path

from .format import LIST_SEPARATOR, columns

CORDIS_PARTNERS = 9039  # the size the vocabulary scale refers to
CORDIS_TOPICS = 719

# kind -> share of partners (CORDIS: company 56.0 %, science 24.9 %, civil_society 11.6 %, administration 7.5 %)
KIND_SHARES = {"company": 0.504, "startup": 0.056, "science": 0.249, "civil_society": 0.087,
               "association": 0.023, "chamber": 0.006, "administration": 0.075}
# the kinds CORDIS does not have take the degrees of the kind they are split from
DEGREE_OF = {"startup": "company", "association": "civil_society", "chamber": "civil_society"}
# a partner's degree (its number of projects): share of partners per bin, per kind (CORDIS)
DEGREE_BINS = ((1, 1), (2, 2), (3, 3), (4, 4), (5, 9), (10, 19), (20, 49), (50, 99), (100, 199), (200, 400))
DEGREE_SHARES = {
    "science": (0.3799, 0.1606, 0.0899, 0.0636, 0.1335, 0.0859, 0.0587, 0.0218, 0.0053, 0.0009),
    "administration": (0.6021, 0.1834, 0.0710, 0.0429, 0.0695, 0.0252, 0.0059, 0, 0, 0),
    "company": (0.7657, 0.1437, 0.0413, 0.0201, 0.0229, 0.0051, 0.0012, 0, 0, 0),
    "civil_society": (0.7133, 0.1657, 0.0514, 0.0257, 0.0333, 0.0086, 0.0019, 0, 0, 0),
}
# team size: share of projects per bin, for single-partner grants and for collaborations (CORDIS)
TEAM_BINS = ((1, 1), (2, 4), (5, 9), (10, 14), (15, 19), (20, 29), (30, 49), (50, 99), (100, 160))
TEAM_SHARES = {
    "grant": (0.8453, 0.0771, 0.0575, 0.0192, 0.0007, 0.0002, 0, 0, 0),
    "collaboration": (0.1343, 0.1528, 0.3603, 0.2139, 0.0796, 0.0392, 0.0176, 0.0017, 0.0004),
}
# fields of action, by their share of projects (CORDIS programme parts, largest first): key, German and English
# name, share of projects, share of the topics, grant or collaboration
FIELDS = (
    ("mobilitaet", "Mobilität", "Mobility", 0.3571, 0.027, "grant"),
    ("wissenschaft", "Exzellente Wissenschaft", "Excellent science", 0.2041, 0.014, "grant"),
    ("digitales", "Digitale Technologien", "Digital technologies", 0.1144, 0.224, "collaboration"),
    ("gruendung", "Gründung und Mittelstand", "Start-ups and SMEs", 0.1003, 0.059, "grant"),
    ("gesundheit", "Gesundheit", "Health", 0.0472, 0.077, "collaboration"),
    ("energie", "Energie", "Energy", 0.0361, 0.110, "collaboration"),
    ("ernaehrung", "Ernährung und Landwirtschaft", "Food and agriculture", 0.0278, 0.105, "collaboration"),
    ("verkehr", "Verkehr und Logistik", "Transport and logistics", 0.0220, 0.132, "collaboration"),
    ("teilhabe", "Teilhabe", "Participation", 0.0160, 0.007, "collaboration"),
    ("infrastruktur", "Forschungsinfrastruktur", "Research infrastructure", 0.0143, 0.031, "collaboration"),
    ("gesellschaft", "Gesellschaft und Bildung", "Society and education", 0.0133, 0.062, "collaboration"),
    ("umwelt", "Umwelt und Klima", "Environment and climate", 0.0125, 0.067, "collaboration"),
    ("zukunft", "Zukunftstechnologien", "Future technologies", 0.0112, 0.017, "collaboration"),
    ("sicherheit", "Sicherheit", "Security", 0.0073, 0.028, "collaboration"),
    ("wissen", "Wissenschaft mit der Gesellschaft", "Science with society", 0.0039, 0.022, "collaboration"),
    ("kernenergie", "Kernenergie", "Nuclear energy", 0.0035, 0.022, "collaboration"),
    ("verwaltung", "Verwaltung", "Administration", 0.0006, 0.004, "collaboration"),
)
NO_FIELD = 0.0083        # share of projects without a field
HOME_FIELD = 0.60        # share of a partner's participations in its home field
LEAD = 0.92              # share of projects with a lead
DATED = 0.89             # share of projects with start and end dates
ACTIVE = 0.068           # share of active projects (the others are completed)
MONTHS = (6, 24, 24, 24, 36, 36, 48, 60, 60, 24)  # project durations, as deciles
FIELDS_PER_PARTNER = 3   # at most
COMPETENCIES_PER_PARTNER = 5  # at most
# countries by share of partners (CORDIS, the 15 largest); the rest spread over OTHER_COUNTRIES
COUNTRIES = (("DE", 0.118), ("ES", 0.109), ("IT", 0.100), ("UK", 0.100), ("FR", 0.086), ("NL", 0.058),
             ("BE", 0.047), ("AT", 0.028), ("SE", 0.026), ("PT", 0.024), ("EL", 0.024), ("PL", 0.023),
             ("DK", 0.021), ("IE", 0.017), ("FI", 0.016))
OTHER_COUNTRIES = ("CH", "NO", "CZ", "HU", "SI", "RO", "BG", "HR", "SK", "LT", "LV", "EE", "LU", "CY", "IL", "TR")

# words for names (invented)
STEMS = ("Nord", "Süd", "West", "Ost", "Alt", "Neu", "Hoch", "Tal", "Berg", "Fluss", "Hafen", "Wald", "Feld",
         "Stein", "Brunn", "Linden", "Eichen", "Birken", "Rosen", "Sonnen", "Wind", "Licht", "Klar", "Weit")
ENDS = ("au", "berg", "burg", "dorf", "feld", "furt", "hausen", "heim", "ingen", "stadt", "tal", "wald")
NAMES = {
    "company": ("{place} Systeme GmbH", "{place} Technik AG", "{place}werk Ingenieure GmbH",
                "{place} Energie und Umwelt GmbH", "{place} Software SE"),
    "startup": ("{place} Labs GmbH", "{place}flow UG", "{place} Robotics GmbH", "{place}data GmbH"),
    "science": ("Universität {place}", "Hochschule {place}", "Institut für Stadtforschung {place}",
                "Forschungszentrum {place}"),
    "civil_society": ("Bürgerstiftung {place}", "Initiative Lebenswertes {place}", "{place} hilft e. V."),
    "association": ("Verband der Wirtschaft {place}", "Netzwerk Zukunft {place} e. V."),
    "chamber": ("Handwerkskammer {place}", "Industrie- und Handelskammer {place}"),
    "administration": ("Stadt {place}", "Landkreis {place}", "Stadtwerke {place}", "Gemeinde {place}"),
}
TITLE_WORDS = ("SMART", "GREEN", "OPEN", "URBAN", "CIRC", "DATA", "FLOW", "NEXUS", "TWIN", "GRID", "CARE", "HUB",
               "SENSE", "LINK", "CLIMA", "AGRI", "MOVE", "CITY", "BIO", "NANO", "QUANT", "ROBO")


def topics_count(partners):
    """How many competencies (call topics) a vocabulary for `partners` has: 719 at CORDIS size, by the square
    root of the partners (at least 2 per field)."""
    return max(2 * len(FIELDS), round(CORDIS_TOPICS * math.sqrt(partners / CORDIS_PARTNERS)))


def from_bins(rng, bins, shares):
    """A whole number drawn from `bins` ((low, high) pairs) weighted by `shares`, log-uniform inside the bin."""
    low, high = rng.choices(bins, weights=shares)[0]
    if low == high:
        return low
    return min(high, int(math.exp(rng.uniform(math.log(low), math.log(high + 1)))))


def vocabulary(partners):
    """Fields and competencies: one broader competency per field with its topics beneath, topics per field in
    proportion to CORDIS."""
    total = topics_count(partners)
    fields = [{"key": key, "name_de": name_de, "name_en": name_en} for key, name_de, name_en, *_ in FIELDS]
    competencies, topics = [], {}
    for number, (key, name_de, name_en, _share, topic_share, _teams) in enumerate(FIELDS, start=1):
        area = f"k{number:02d}"
        competencies.append({"id": area, "name": name_de, "name_en": name_en, "broader": ""})
        count = max(2, round(total * topic_share))
        topics[key] = [f"{area}-{index:04d}" for index in range(1, count + 1)]
        competencies += [{"id": topic, "name": f"{name_de}: Schwerpunkt {index}",
                          "name_en": f"{name_en}: focus {index}", "broader": area}
                         for index, topic in enumerate(topics[key], start=1)]
    return fields, competencies, topics


def place(rng):
    """An invented place name."""
    return rng.choice(STEMS) + rng.choice(ENDS)


def acronym(name):
    """A short name from the capitals and first letters of `name`."""
    return "".join(word[0] for word in name.replace("-", " ").split() if word[0].isalpha()).upper()[:12]


def make_partners(rng, count):
    """`count` partners with kind, name, country and the degree drawn for them."""
    kinds = list(KIND_SHARES)
    countries = [code for code, _ in COUNTRIES] + list(OTHER_COUNTRIES)
    rest = 1 - sum(share for _, share in COUNTRIES)
    country_weights = [share for _, share in COUNTRIES] + [rest / len(OTHER_COUNTRIES)] * len(OTHER_COUNTRIES)
    partners = []
    for number in range(1, count + 1):
        kind = rng.choices(kinds, weights=[KIND_SHARES[k] for k in kinds])[0]
        name = rng.choice(NAMES[kind]).format(place=place(rng))
        partners.append({"id": f"s{number:06d}", "name": name, "kind": kind, "short_name": acronym(name),
                         "country": rng.choices(countries, weights=country_weights)[0],
                         "degree": from_bins(rng, DEGREE_BINS, DEGREE_SHARES[DEGREE_OF.get(kind, kind)])})
    return partners


def make_projects(rng, places, topics):
    """Projects whose team sizes add up to `places`, each with a field, one need, a status and dates."""
    keys = [field[0] for field in FIELDS]
    weights = [field[3] for field in FIELDS]
    teams = {field[0]: field[5] for field in FIELDS}
    popular = {key: list(accumulate(1 / rank for rank in range(1, len(ranked) + 1))) for key, ranked in topics.items()}
    projects, dealt = [], 0
    while dealt < places:
        number = len(projects) + 1
        field = rng.choices(keys, weights=weights)[0]
        size = min(from_bins(rng, TEAM_BINS, TEAM_SHARES[teams[field]]), places - dealt)
        need = rng.choices(topics[field], cum_weights=popular[field])[0]  # the popular topics more often
        started = ended = ""
        if rng.random() < DATED:
            month = rng.randrange(45)  # 2014-01 .. 2017-09
            begin = date(2014 + month // 12, month % 12 + 1, 1)
            months = month + rng.choice(MONTHS)
            end = date(2014 + months // 12, months % 12 + 1, 1)
            started, ended = begin.isoformat(), date.fromordinal(end.toordinal() - 1).isoformat()
        projects.append({"id": f"sp{number:06d}", "title": f"{rng.choice(TITLE_WORDS)}-{number}",
                         "status": "active" if rng.random() < ACTIVE else "completed",
                         "fields": "" if rng.random() < NO_FIELD else field, "field": field, "needs": need,
                         "started": started, "ended": ended, "size": size})
        dealt += size
    return projects


def deal(rng, partners, projects):
    """The participations: every partner's places dealt to the projects' places, in its home field first."""
    keys = [field[0] for field in FIELDS]
    slots = {key: [] for key in keys}
    for project in projects:
        slots[project["field"]] += [project["id"]] * project["size"]
    weights = [len(slots[key]) for key in keys]
    wanted = {key: [] for key in keys}
    for partner in partners:
        home = rng.choices(keys, weights=weights)[0]
        for _ in range(partner["degree"]):
            field = home if rng.random() < HOME_FIELD else rng.choices(keys, weights=weights)[0]
            wanted[field].append(partner["id"])
    pairs, left_partners, left_slots = [], [], []
    for key in keys:
        rng.shuffle(wanted[key])
        rng.shuffle(slots[key])
        matched = min(len(wanted[key]), len(slots[key]))
        pairs += zip(wanted[key][:matched], slots[key][:matched], strict=True)
        left_partners += wanted[key][matched:]
        left_slots += slots[key][matched:]
    rng.shuffle(left_partners)
    pairs += zip(left_partners, left_slots, strict=True)
    seen, teams = set(), {}
    for partner, project in pairs:
        if (partner, project) not in seen:
            seen.add((partner, project))
            teams.setdefault(project, []).append(partner)
    return teams


def profiles(rng, partners, projects, teams):
    """Each partner's fields (of its projects, the most frequent first) and competencies (its projects' needs,
    the level rising with the projects behind it)."""
    fields, needs = {}, {}
    by_id = {project["id"]: project for project in projects}
    for project_id, team in teams.items():
        project = by_id[project_id]
        for partner in team:
            if project["fields"]:
                fields.setdefault(partner, {}).setdefault(project["fields"], 0)
                fields[partner][project["fields"]] += 1
            needs.setdefault(partner, {}).setdefault(project["needs"], 0)
            needs[partner][project["needs"]] += 1
    for partner in partners:
        counted = sorted(fields.get(partner["id"], {}).items(), key=lambda item: (-item[1], item[0]))
        partner["fields"] = LIST_SEPARATOR.join(key for key, _ in counted[:FIELDS_PER_PARTNER])
        counted = sorted(needs.get(partner["id"], {}).items(), key=lambda item: (-item[1], item[0]))
        keep = counted[:rng.randint(1, COMPETENCIES_PER_PARTNER)]
        partner["competencies"] = LIST_SEPARATOR.join(f"{need}:{min(3, count)}" for need, count in keep)


def generate(partners, seed):
    """A synthetic alliance of `partners` partners from `seed`: {file name: rows} in the exchange format."""
    if partners < 1:
        raise ValueError("a synthetic alliance needs at least one partner")
    rng = random.Random(f"allianz-synthetic-{seed}")
    fields, competencies, topics = vocabulary(partners)
    partner_rows = make_partners(rng, partners)
    project_rows = make_projects(rng, sum(partner["degree"] for partner in partner_rows), topics)
    teams = deal(rng, partner_rows, project_rows)
    profiles(rng, partner_rows, project_rows, teams)
    participations = []
    for project in project_rows:
        team = teams.get(project["id"], [])
        lead = rng.random() < LEAD
        participations += [{"project_id": project["id"], "partner_id": partner,
                            "role": "lead" if lead and place_in_team == 0 else "partner"}
                           for place_in_team, partner in enumerate(team)]
    return {"fields.csv": fields, "competencies.csv": competencies, "partners.csv": partner_rows,
            "projects.csv": [project for project in project_rows if project["id"] in teams],
            "participations.csv": participations}


def write(folder, partners, seed):
    """Write a synthetic alliance to `folder` (created if needed); returns the rows per file (without .csv)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, rows in generate(partners, seed).items():
        header = columns(name)
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows([row.get(column, "") for column in header] for row in rows)
        counts[name.removesuffix(".csv")] = len(rows)
    return counts
