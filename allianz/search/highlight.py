"""The matched words of a result, marked: the text is escaped first, and only whole words the search
matched (as typed, as a prefix or part of a compound, or within the typos allowed) are wrapped in <mark>."""
import difflib
import re

from markupsafe import Markup, escape

from .lucene import spellings, typos

TOKEN = re.compile(r"\w+")


def matches(token, forms):
    """True when a word of the text is one the search matched: it contains a searched form, or is
    near one (the typos the search allows)."""
    folded = spellings(token)
    for form in forms:
        for candidate in folded:
            if form in candidate:
                return True
            allowed = typos(form)
            if allowed and abs(len(candidate) - len(form)) <= allowed and near(candidate, form, allowed):
                return True
    return False


def near(a, b, allowed):
    """At most `allowed` edits apart (by the longest common blocks: close enough for marking)."""
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    common = sum(block.size for block in blocks)
    return max(len(a), len(b)) - common <= allowed


def forms_of(words):
    """The folded forms of the searched words, once each."""
    return list(dict.fromkeys(form for word in words for form in spellings(word)))


def mark(text, words):
    """`text` as Markup: escaped, each matched word in <mark>."""
    if not text:
        return Markup("")
    forms = forms_of(words)
    parts, last = [], 0
    for found in TOKEN.finditer(text):
        if matches(found.group().casefold(), forms):
            parts += [escape(text[last:found.start()]), Markup("<mark>{}</mark>").format(found.group())]
            last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def excerpt(text, words, width=180):
    """About `width` characters of a long text around its first matched word ("…" where cut), as plain text;
    None when no word of it matches."""
    if not text:
        return None
    forms = forms_of(words)
    for found in TOKEN.finditer(text):
        if matches(found.group().casefold(), forms):
            start = max(0, found.start() - width // 3)
            start = text.rfind(" ", 0, start) + 1 if start else 0
            end = min(len(text), start + width)
            end = end if end == len(text) else max(text.rfind(" ", start, end), found.end())
            return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
    return None
