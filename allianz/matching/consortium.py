"""The consortium builder and suggested introductions, on top of the scoring model.

The builder adds partners greedily while needs are open: each slot goes to the candidate with the best gain (its
model score, the open needs it covers or raises, a sector the team lacks, a tie to the team so far) among those that
add to an open need, and the runners-up of that step are the slot's alternatives. It stops when the needs are
covered. The score term is the 0-100 fit / 100.
"""
import numpy as np

from ..vocabulary import KINDS
from . import model, signals

DEFAULT_SIZE = 5
POOL = 60
ALTERNATIVES = 3
GAIN = {"score": 1.0, "coverage": 2.0, "sector": 0.3, "connected": 0.3}


def coverage_cell(index, i, competency, value, without=None):
    """One cell of the coverage matrix: how partner `i` covers a need (value, level, projects, the narrower
    competencies it covers it by, or only the broader one) and that as a short text (`reasons.cell_text`)."""
    from .reasons import cell_text, need_evidence  # the words need the UI language

    if value <= 0:
        return {"value": 0.0, "level": None, "projects": 0, "via": [], "broader": None, "text": "–"}
    item = need_evidence(index, i, competency, value, without)
    cell = {"value": round(float(value), 3), "level": item["level"], "projects": len(item["projects"]),
            "via": item["via"], "broader": item["broader"]}
    cell["text"] = cell_text(index, cell)
    return cell


def named(index, i):
    """{partner, name, kind} of partner `i`, with the one name the matcher shows for it (`MatchIndex.partner_name`)."""
    pid = index.partner_ids[i]
    return {"partner": pid, "name": index.partner_name(pid), "kind": index.partners[pid]["kind"]}


def build(index, query, size=DEFAULT_SIZE, weights=None):
    """Propose a consortium of at most `size` partners (the team counts) for `query`.

    Partners are added only while the needs are not all covered, each for the needs it covers newly or raises, so
    no one is added without a reason; it stops when the needs are covered ("complete"), when nobody covers the rest
    better, or at `size` ("stopped": "covered", "nobody", "size"; "no_needs" for a query without needs).
    Returns team, slots (each with partner, gain, new and raised needs and alternatives that would cover the same),
    the coverage matrix (needs × members), the needs the team leaves open and those nobody in the alliance covers.
    """
    best, z, values, context = model.rank(index, query, weights, top=POOL)
    scale = model.FitScale(z, values, model.query_weights(query, weights), model.reference_mask(index, context["team"]))
    coverages = context["coverages"]
    members = list(context["team"])
    current = {n: float(coverages[n][members].max()) if members else 0.0 for n in query.needs}
    for n in query.needs:
        if n in context["covered"]:
            current[n] = max(current[n], signals.COVERED_THRESHOLD)   # a member declares it or a narrower one
    total_importance = sum(query.needs.values()) or 1.0
    scores = scale.fits(z) / 100.0 if len(best) else np.zeros(len(z))
    sectors = signals.SECTOR_OF_KIND[index.kind]
    # a need counts as covered at the threshold, or when nobody in the alliance covers it better
    best_anywhere = {n: float(coverages[n].max()) for n in query.needs}

    def is_done(n):
        return current[n] > 0 and current[n] >= min(signals.COVERED_THRESHOLD, best_anywhere[n])

    pool = list(best)
    slots = []
    stopped = "no_needs" if not query.needs else "size"
    while len(members) < size:
        wanted = [n for n in query.needs if not is_done(n) and best_anywhere[n] > 0]
        if query.needs and not wanted:
            stopped = "covered"
            break
        present = set(int(s) for s in sectors[members]) if members else set()
        reach = signals.team_reach(index, members)
        # tied to the team so far: worked with a member, or with someone who did
        near = index.neighbours @ (reach > 0).astype(float) if members else reach
        gains = []
        for i in pool:
            covered_gain = sum(query.needs[n] * max(0.0, min(float(coverages[n][i]), 1.0) - current[n])
                               for n in wanted) / total_importance
            if covered_gain <= 1e-9:
                continue   # adds nothing the consortium still lacks: no reason to take it in
            connected = bool(members) and (reach[i] > 0 or near[i] > 0)
            gain = (GAIN["score"] * float(scores[i]) + GAIN["coverage"] * covered_gain
                    + GAIN["sector"] * (int(sectors[i]) not in present) + GAIN["connected"] * connected)
            gains.append((gain, i, covered_gain))
        if not gains:
            stopped = "nobody" if query.needs else "no_needs"
            break
        gains.sort(key=lambda item: (-item[0], index.partner_ids[item[1]]))
        gain, chosen, covered_gain = gains[0]
        new_needs = [n for n in wanted if float(coverages[n][chosen]) >= min(signals.COVERED_THRESHOLD,
                                                                             best_anywhere[n])]
        raised = [n for n in wanted if n not in new_needs and float(coverages[n][chosen]) > current[n]]
        slots.append({**named(index, chosen), "gain": round(gain, 3), "score": round(float(scores[chosen]), 4),
                      "new_needs": new_needs, "raised_needs": raised,
                      "alternatives": [{**named(index, i), "gain": round(g, 3)}
                                       for g, i, _c in gains[1:1 + ALTERNATIVES]]})
        members.append(chosen)
        pool.remove(chosen)
        for n in query.needs:
            current[n] = max(current[n], float(coverages[n][chosen]))
    else:
        if query.needs and all(is_done(n) or best_anywhere[n] <= 0 for n in query.needs):
            stopped = "covered"
    done = {n: is_done(n) for n in query.needs}
    matrix = [{"need": n, "cells": [coverage_cell(index, i, n, coverages[n][i], query.project) for i in members],
               "covered": done[n]} for n in query.needs]
    nobody = [n for n in query.needs if best_anywhere[n] <= 0]
    open_needs = [n for n in query.needs if not done[n] and n not in nobody]
    return {"team": list(query.team), "members": [index.partner_ids[i] for i in members],
            "names": {index.partner_ids[i]: index.partner_name(index.partner_ids[i]) for i in members},
            "slots": slots, "matrix": matrix, "open_needs": open_needs, "uncoverable": nobody,
            "complete": bool(query.needs) and not open_needs, "stopped": stopped,
            "kinds": sorted({KINDS[index.kind[i]] for i in members})}


PER_PARTNER = 2   # suggested introductions: a partner appears at most this often in the list


def introductions(index, limit=20, seeds=200, weights=None):
    """Pairs that never worked together but complement each other strongly, best first, diversified (a partner
    at most PER_PARTNER times), each {"a", "b", "a_name", "b_name", "strength", "complement", "reasons"}.

    The candidate pairs are computed once per index (`candidate_pairs`); the reasons are phrased for the pair
    in the UI language on each call.
    """
    from .reasons import pair_reasons

    found = index.remember(pairs_key(weights, seeds), lambda: candidate_pairs(index, seeds, weights))
    chosen, count = [], {}
    for a, b, strength, complement in found:
        if count.get(a, 0) >= PER_PARTNER or count.get(b, 0) >= PER_PARTNER:
            continue
        count[a], count[b] = count.get(a, 0) + 1, count.get(b, 0) + 1
        chosen.append({"a": index.partner_ids[a], "b": index.partner_ids[b],
                       "a_name": index.partners[index.partner_ids[a]]["name"],
                       "b_name": index.partners[index.partner_ids[b]]["name"],
                       "strength": round(strength, 3), "complement": complement, "reasons": pair_reasons(index, a, b)})
        if len(chosen) >= limit:
            break
    return chosen


def pairs_key(weights=None, seeds=200):
    """The key under which an index keeps its candidate pairs (they depend on the weights)."""
    return ("introductions", seeds, tuple(sorted((weights or model.DEFAULT_WEIGHTS).items())))


def prepare(index, weights=None, seeds=200):
    """Compute and keep the candidate pairs of the suggested introductions (after a background build)."""
    index.remember(pairs_key(weights, seeds), lambda: candidate_pairs(index, seeds, weights))


def candidate_pairs(index, seeds=200, weights=None):
    """For the `seeds` most active partners, the model's top 10 for a one-partner team in that partner's fields,
    without a shared project: [(a, b, strength, complement)], strongest first (strength = fit / 100 +
    complementarity, the better of the two directions)."""
    weights = dict(weights or model.DEFAULT_WEIGHTS)
    order = np.argsort(-index.activity, kind="stable")[:seeds]
    pairs = {}
    for a in (int(a) for a in order):
        fields = sorted({index.field_keys[j] for j in np.flatnonzero(index.field_experience[a] > 0)} |
                        {index.field_keys[j] for j in index.declared_fields[a].indices})
        query = model.Query(team=[index.partner_ids[a]], fields=fields, top=10)
        best, z, values, context = model.rank(index, query, weights, top=10)
        scale = model.FitScale(z, values, weights, context["mask"])
        for b in best:
            if index.shared_counts[a, b] > 0:
                continue
            key = tuple(sorted((a, b)))
            complement = complementarity(index, a, b)
            strength = scale.fit(float(z[b])) / 100.0 + complement
            if key not in pairs or pairs[key][2] < strength:
                pairs[key] = (a, b, strength, complement)
    return sorted(pairs.values(), key=lambda p: (-p[2], index.partner_ids[p[0]], index.partner_ids[p[1]]))


def complementarity(index, a, b):
    """Share of b's competencies (declared or from projects) that a does not have, times a sector bonus."""
    inferred = index.inferred_rows
    have_a = set(index.declared[a].indices) | set(inferred[a].indices)
    have_b = set(index.declared[b].indices) | set(inferred[b].indices)
    if not have_b:
        return 0.0
    new = len(have_b - have_a) / len(have_b)
    other_sector = signals.SECTOR_OF_KIND[index.kind[a]] != signals.SECTOR_OF_KIND[index.kind[b]]
    return round(new * (1.0 if other_sector else 0.6), 3)
