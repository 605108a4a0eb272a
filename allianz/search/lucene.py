"""From what a person typed to the two Lucene queries of the search (docs/search.md).

The text is cut into words (letters and digits only), so no Lucene syntax the person typed ever reaches
the parser: `AND`, `*`, `:` or `"` are not words, and what remains is escaped once more all the same.
Each word is asked in two indexes (cypher/0009_search.cypher):

- `search_de` (German analyzer, over names and texts): the word itself (stemmed, ä/ae folded by the analyzer)
  and as a prefix;
- `search_names` (standard-folding analyzer, over names only, not stemmed): the word and its prefix, and
  when that finds little (`loose`), also its neighbours within one typo and the word inside a longer one
  (the later part of a compound); each in the spellings ä → a and ae → a.

Every word (but a stop word, when there are others) must match; a node found by either index counts.
"""
import re
import unicodedata
from functools import lru_cache

from ..listing import name_key

MAX_CHARACTERS = 200
MAX_WORDS = 8
WORD = re.compile(r"\w+")
SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Words that say nothing alone (German and English); a query of only these still asks them.
STOP_WORDS = frozenset("""
aber als am an auf aus bei bis das dem den der des die ein eine einem einen einer eines für im in ist mit nach
oder sich so um und vom von vor zu zum zur a an and at by for from in of on or the to with
""".split())
# Spellings of German umlauts without the dots: "Muenster" is also asked as "Munster".
DIGRAPHS = re.compile(r"(?<=[^aeiouq])([aou])e|^([aou])e")


def clean(text):
    """The typed text without control characters and surrounding space, in one Unicode form (NFC)."""
    return unicodedata.normalize("NFC", CONTROL.sub(" ", text or "")).strip()


def words_of(text):
    """The words to search for, lower case, each once, at most MAX_WORDS (stop words dropped when others
    remain)."""
    found = list(dict.fromkeys(word.casefold() for word in WORD.findall(text) if word.strip("_")))
    meaningful = [word for word in found if word not in STOP_WORDS]
    return (meaningful or found)[:MAX_WORDS]


def escape(word):
    """A term with Lucene's special characters escaped (words hold none; a second line of defence)."""
    return SPECIAL.sub(r"\\\1", word)


@lru_cache(maxsize=8192)
def spellings(word):
    """A word's forms in the folded index: without accents (ä → a, ß → ss) and with ae/oe/ue as a/o/u."""
    folded = name_key(word)
    return tuple(dict.fromkeys([folded, DIGRAPHS.sub(lambda m: m.group(1) or m.group(2), folded)]))


def typos(word):
    """How many typos a word may have: none up to 4 letters, one beyond (a swap of two neighbours is one)."""
    return 0 if len(word) <= 4 else 1


def german_query(words):
    """The query of `search_de`: every word, as itself or as a prefix."""
    return " ".join(f"+({escape(word)} OR {escape(word)}*^0.5)" for word in words)


def names_query(words, loose=False):
    """The query of `search_names`: every word as itself or a prefix; `loose` adds the word with typos and
    inside a longer word (the later part of a compound), which cost more (docs/search.md, "Speed")."""
    groups = []
    for word in words:
        terms = []
        for form in map(escape, spellings(word)):
            terms += [f"{form}^3", f"{form}*^2"]
            if loose and typos(form):
                terms.append(f"{form}~{typos(form)}")
            if loose and len(form) >= 4:
                terms.append(f"*{form}*^0.5")
        groups.append("+(" + " OR ".join(terms) + ")")
    return " ".join(groups)
