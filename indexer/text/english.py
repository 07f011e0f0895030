"""American and British spellings of an English word, written one way before stemming.

Mission pages follow British usage (legalisation, licence, centre) and officers type
either, and Porter's stemmer keeps the two apart (legalization -> legal, legalisation
-> legalis; licence -> licenc, license -> licens), so a query in one spelling missed
pages in the other. Only whole words and one ending are rewritten, never a word that
is spelt with a z or an -or in both (size, prize, doctor, tour).
"""

from __future__ import annotations

import re

# -ize, -yze and their forms after three letters at least: organize, analyzed,
# legalization (not size, seize, prize, maize)
IZE = re.compile(r"^([a-z]{3,}[iy])z(e|ed|es|er|ers|ing|ation|ations|able)$")
IZE_TO = r"\1s\2"  # the z made an s
# American words whose British spelling stems otherwise (the -ll-/-l- pairs stem alike)
BRITISH = {
    "license": "licence",
    "center": "centre",
    "program": "programme",
    "judgement": "judgment",  # both are British; the law writes judgment
    "defense": "defence",
    "offense": "offence",
    "labor": "labour",
    "honor": "honour",
    "color": "colour",
    "favor": "favour",
    "behavior": "behaviour",
    "neighbor": "neighbour",
    "harbor": "harbour",
    "counselor": "counsellor",
    "gray": "grey",
    "catalog": "catalogue",
    "jewelry": "jewellery",
    "pediatric": "paediatric",
}


# The rules as the static export hands them to the browser's analyzer (text.js), which
# writes IZE_TO's group references in JavaScript's syntax.
SPELLINGS = {"british": BRITISH, "ize": IZE.pattern, "ize_to": IZE_TO}


def one_spelling(word: str) -> str:
    """A lower-case word in its British spelling (see the module docstring)."""
    if word in BRITISH:
        return BRITISH[word]
    if word.endswith("s") and word[:-1] in BRITISH:
        return BRITISH[word[:-1]] + "s"
    return IZE.sub(IZE_TO, word) if "z" in word else word
