"""The team of a query, typed by partner name: names (or short names, or ids) resolved against the index.

A visitor types who is already in the team, separated by ";" or new lines ("," too, as long as every part is
a known partner). Each entry is resolved case- and accent-insensitively to one partner; an unknown or
ambiguous entry comes back as an error naming it, with suggestions.
"""
import difflib
import re

from ..listing import name_key

SUGGESTIONS = 3


def names_of(index):
    """{normalised name or short name or id: [partner ids]} for the index (built once per index)."""
    def build():
        table = {}
        for pid, item in index.partners.items():
            for text in {item.get("name"), item.get("short_name"), pid}:
                if text:
                    key = normalise(text)
                    if pid not in table.setdefault(key, []):
                        table[key].append(pid)
        return table
    return index.remember(("team names",), build)


def normalise(text):
    """A name as compared: no case, no accents, single spaces."""
    return re.sub(r"\s+", " ", name_key(str(text))).strip()


def entries(text):
    """The entries of a typed team: split at ";" and new lines, blanks dropped."""
    return [part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()]


def suggestions(index, entry):
    """Up to SUGGESTIONS partner names that look like `entry` (names containing it first, then similar ones)."""
    table, key = names_of(index), normalise(entry)
    found = [pid for name, pids in table.items() if key and key in name for pid in pids]
    if len(found) < SUGGESTIONS:
        close = difflib.get_close_matches(key, list(table), n=SUGGESTIONS, cutoff=0.75)
        found += [pid for name in close for pid in table[name]]
    names = []
    for pid in dict.fromkeys(found):
        names.append(index.partners[pid]["name"])
        if len(names) >= SUGGESTIONS:
            break
    return names


def resolve(index, text):
    """(partner ids, problems) of a typed team; each problem is {"entry", "kind": "unknown"/"ambiguous",
    "candidates": names}. An entry with commas that is no partner is tried part by part."""
    table = names_of(index)
    ids, problems = [], []
    for entry in entries(text):
        found = table.get(normalise(entry))
        if not found and "," in entry:
            parts = [part.strip() for part in entry.split(",") if part.strip()]
            if parts and all(len(table.get(normalise(part)) or []) == 1 for part in parts):
                ids += [table[normalise(part)][0] for part in parts]
                continue
        if not found:
            problems.append({"entry": entry, "kind": "unknown", "candidates": suggestions(index, entry)})
        elif len(found) > 1:
            problems.append({"entry": entry, "kind": "ambiguous",
                             "candidates": [f"{index.partners[pid]['name']} ({pid})" for pid in found]})
        else:
            ids.append(found[0])
    return list(dict.fromkeys(ids)), problems


def search(index, term, limit=SUGGESTIONS * 5):
    """The partner picker's search: partners whose name, short name or id contains `term` (case and accents
    ignored), names starting with it first, then alphabetically: [{"id", "label"}]."""
    key = normalise(term or "")
    if not key:
        return []
    found = {}
    for name, pids in names_of(index).items():
        if key in name:
            for pid in pids:
                found[pid] = min(found.get(pid, 1), 0 if name.startswith(key) else 1)
    ranked = sorted(found, key=lambda pid: (found[pid], name_key(index.partners[pid]["name"]), pid))
    return [{"id": pid, "label": label(index, pid)} for pid in ranked[:limit]]


def label(index, pid):
    """A partner as the picker shows it: its name, with the short name in brackets when it has one."""
    item = index.partners[pid]
    short = item.get("short_name")
    return f"{item['name']} ({short})" if short and short != item["name"] else item["name"]
