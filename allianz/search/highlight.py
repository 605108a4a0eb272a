"""The matched words of a result, marked: the text is escaped first, and only whole words the search
matched (as typed, as a prefix or part of a compound, or, when the search allowed typos, within them) are
wrapped in <mark>."""
import difflib
import re

from markupsafe import Markup, escape

from .lucene import spellings, typos

TOKEN = re.compile(r"\w+")


def matches(token, forms, loose=False):
    """True when a word of the text is one the search matched: it starts with a searched form, or is the
    start of one (a stemmed word: "Stadtwerk" for "Stadtwerken"); or, when the search was `loose` (typos and
    compound parts), contains one or is within a typo of one."""
    folded = spellings(token)
    if any(candidate.startswith(form) or (len(candidate) >= 4 and form.startswith(candidate))
           for form in forms for candidate in folded):
        return True
    return loose and any(form in candidate or (typos(form) and abs(len(candidate) - len(form)) <= typos(form)
                                               and near(candidate, form, typos(form)))
                         for form in forms for candidate in folded)


def near(a, b, allowed):
    """At most `allowed` edits apart (by the longest common blocks: close enough for marking)."""
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    common = sum(block.size for block in blocks)
    return max(len(a), len(b)) - common <= allowed


def forms_of(words):
    """The folded forms of the searched words, once each."""
    return list(dict.fromkeys(form for word in words for form in spellings(word)))


def mark(text, words, loose=False):
    """`text` as Markup: escaped, each matched word in <mark> (`loose`: words within a typo too)."""
    if not text:
        return Markup("")
    forms = forms_of(words)
    parts, last = [], 0
    for found in TOKEN.finditer(text):
        if matches(found.group().casefold(), forms, loose):
            parts += [escape(text[last:found.start()]), Markup("<mark>{}</mark>").format(found.group())]
            last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def excerpt(text, words, loose=False, width=180):
    """About `width` characters of a long text around its first matched word ("…" where cut), as plain text;
    None when no word of it matches."""
    if not text:
        return None
    forms = forms_of(words)
    for found in TOKEN.finditer(text):
        if matches(found.group().casefold(), forms, loose):
            start = max(0, found.start() - width // 3)
            start = text.rfind(" ", 0, start) + 1 if start else 0
            end = min(len(text), start + width)
            end = end if end == len(text) else max(text.rfind(" ", start, end), found.end())
            return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
    return None
