"""Plain functions about Thai script: runs, digits, abbreviation dots, cluster boundaries,
and the one spelling rule (`normalise_thai`) that page text and queries both go through."""

from __future__ import annotations

import re
import unicodedata

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
THAI_DIGIT = re.compile("[\u0e50-\u0e59]")  # what THAI_DIGITS changes: most texts have none
THAI_LETTERS = "\u0e01-\u0e3a\u0e40-\u0e4e"  # consonants, vowels, tone marks, ๆ; no digits or ฿

# Characters that do not show and sit inside words pasted from word processors and PDFs:
# zero-width space, zero-width non-joiner and joiner, word joiner, soft hyphen, BOM.
INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\ufeff"
# Those of them that never part two words: all but the zero-width space, which parts Latin
# words as a space does. Inside a Latin word (pass<soft hyphen>port) they are dropped, on
# pages (RUNS, latin_word) as in queries (search.query.clean).
JOINERS = INVISIBLE.replace("\u200b", "")
LATIN_LETTERS = "A-Za-z0-9\u00c0-\u024f"

# A Thai run may hold dots between letters and one at the end: abbreviations like ป.พ.พ.
# Invisible characters between Thai letters do not end it (สม<ZWJ>รส is one run).
# A Latin run is letters and digits joined by - ' . (e-Passport, Non-B, U.S., 1.5) or by
# JOINERS, or a number with thousands commas.
# Written as runs of letters, not a loop over one letter or one gap at a time: re then
# takes a run of letters in one step instead of a loop turn (and its bookkeeping) a letter.
THAI_RUN_PATTERN = rf"[{THAI_LETTERS}]+(?:[.{INVISIBLE}]+[{THAI_LETTERS}]+)*\.?"
# A run of another script (Cyrillic, Greek, Arabic, Devanagari, Han...) starts with one of
# its letters or digits and goes on through them and through anything that is neither a
# word character nor a space outside Latin and Thai: Python's re has no class for the
# combining marks of Devanagari or Arabic, so they come in with the punctuation and
# symbols of the run, and `other_words` cuts it into its words by Unicode category.
OTHER_LETTER = rf"[^\W_{LATIN_LETTERS}\u0e00-\u0e7f]"
OTHER_RUN_PATTERN = rf"{OTHER_LETTER}(?:{OTHER_LETTER}|[{JOINERS}]|[^\w\s\x00-\u02ff\u0e00-\u0e7f])*"
RUNS = re.compile(
    rf"(?P<th>{THAI_RUN_PATTERN})"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?![\d,]))"
    rf"|(?P<lat>[{LATIN_LETTERS}]+(?:(?:[-'’.][{JOINERS}]*|[{JOINERS}]+)[{LATIN_LETTERS}]+)*)"
    rf"|(?P<oth>{OTHER_RUN_PATTERN})"
)
_JOINER = re.compile(f"[{JOINERS}]")

THAI_RUN = re.compile(THAI_RUN_PATTERN)  # what RUNS takes for a Thai run
SPACE_IN_THAI = re.compile(f"(?<=[{THAI_LETTERS}]) +(?=[{THAI_LETTERS}])")  # ที่ จะ, written ที่จะ

LEADING_VOWELS = frozenset("เแโใไ")
# Marks and following vowels that cannot begin a word: ะ ั า ำ ิ ี ึ ื ุ ู ฺ ๆ ็ ่ ้ ๊ ๋ ์ ํ ๎
NON_INITIAL = frozenset(
    chr(c)
    for c in [0x0E30, 0x0E31, 0x0E32, 0x0E33, *range(0x0E34, 0x0E3B), 0x0E45, 0x0E46, *range(0x0E47, 0x0E4F)]
)


TONE_MARKS = frozenset("\u0e48\u0e49\u0e4a\u0e4b")  # ่ ้ ๊ ๋
THANTHAKHAT = "\u0e4c"  # ์, which like a tone mark sits above whatever vowel is there
# Vowels written above or below the consonant (ั ิ ี ึ ื ุ ู), which come before a tone
# mark or thanthakhat in the stored order: ก + ี + ่ is กี่, and ก + ่ + ี only looks the same.
MARK_VOWELS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39")
ABOVE_MARKS = TONE_MARKS | {THANTHAKHAT}  # what an above or below vowel is stored before
# Vowels that follow the consonant on the line (ะ า ำ): a tone mark typed after one
# belongs before it (ก + า + ่ is ก่า on screen).
FOLLOW_VOWELS = frozenset("\u0e30\u0e32\u0e33")
# Marks that never stand twice in a row in a word: the vowels above, the tone marks,
# mai taikhu, thanthakhat, nikhahit, yamakkan, phinthu. A doubled one is a typing slip.
NO_REPEAT = MARK_VOWELS | TONE_MARKS | frozenset("\u0e47\u0e4c\u0e4d\u0e4e\u0e3a")
NIKHAHIT, SARA_AA, SARA_AM, SARA_E, SARA_AE = "\u0e4d", "\u0e32", "\u0e33", "\u0e40", "\u0e41"
LAKKHANGYAO = "\u0e45"  # ๅ, a long sara aa kept only after ฤ and ฦ (ฤๅ, ฦๅ)
_THAI_LETTER = re.compile(f"[{THAI_LETTERS}]")


def normalise_thai(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Thai written in the one order documents store it, so that forms that look the
    same on screen are the same text; return it and, for each character, the span of
    `text` it comes from (a moved or merged mark covers all the characters it stands for).
    These are pythainlp's normalisation rules, done in one pass that keeps the spans:

    - invisible characters between Thai letters are dropped (elsewhere they stay);
    - sara e twice is sara ae (เเ -> แ); lakkhangyao is sara aa except after ฤ and ฦ;
    - nikhahit + sara aa is sara am (ํา -> ำ), also with a tone mark between them;
    - a tone mark or thanthakhat typed before an above or below vowel goes after it
      (ก่ี -> กี่, ก์ุ -> กุ์), and one typed after ะ า ำ goes before it (กา่ -> ก่า);
    - the same mark twice in a row is one, and of two different tone marks in a row the
      last one typed stands (ก่้ -> ก้).
    """
    if is_normal_thai(text):
        return text, [(i, i + 1) for i in range(len(text))]
    # One pass moves a mark past one other (ก่์ิ -> ก่ิ์) and may bring two marks together
    # that a rule joins; passes repeat until nothing changes, so text normalised once is
    # left as it is (a query is cleaned, then analysed: it must come out as the page did).
    # A few passes settle any spelling a person types; MAX_PASSES bounds hostile text.
    out, spans = _normalise_pass(text)
    for _ in range(MAX_PASSES - 1):
        if is_normal_thai(out):
            break
        again, inner = _normalise_pass(out)
        if again == out:
            break
        out, spans = again, [(spans[s][0], spans[e - 1][1]) for s, e in inner]
    return out, spans


MAX_PASSES = 4


def _normalise_pass(text: str) -> tuple[str, list[tuple[int, int]]]:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch == LAKKHANGYAO and not (out and out[-1] in "\u0e24\u0e26"):
            ch = SARA_AA
        if ch in INVISIBLE:
            if out and _THAI_LETTER.match(out[-1]) and _next_visible_is_thai(text, i):
                continue
        elif ch in NO_REPEAT and out and out[-1] == ch:
            spans[-1] = (spans[-1][0], i + 1)
            continue
        elif ch == SARA_E and out and out[-1] == SARA_E:
            out[-1], spans[-1] = SARA_AE, (spans[-1][0], i + 1)
            continue
        elif ch in TONE_MARKS and out and out[-1] in TONE_MARKS:  # a second, other tone mark
            out[-1], spans[-1] = ch, (spans[-1][0], i + 1)
            continue
        elif ch == SARA_AA and out and out[-1] == NIKHAHIT:
            out[-1], spans[-1] = SARA_AM, (spans[-1][0], i + 1)
            continue
        elif ch == SARA_AA and len(out) > 1 and out[-2] == NIKHAHIT and out[-1] in TONE_MARKS:
            span = (spans[-2][0], i + 1)
            out[-2:], spans[-2:] = [out[-1], SARA_AM], [span, span]
            continue
        elif ch in MARK_VOWELS and out and out[-1] in ABOVE_MARKS:
            span = (spans[-1][0], i + 1)
            if len(out) > 1 and out[-2] == ch:  # ี ่ ี: the vowel was typed twice
                spans[-2:] = [(spans[-2][0], i + 1), span]
            else:
                _put_before_last(out, spans, ch, i)
            continue
        elif ch in TONE_MARKS and out and out[-1] in FOLLOW_VOWELS:
            if len(out) > 1 and out[-2] in TONE_MARKS:  # ก่า่: the last tone mark typed stands
                span = (spans[-2][0], i + 1)
                out[-2], spans[-2:] = ch, [span, span]
            else:
                _put_before_last(out, spans, ch, i)
            continue
        out.append(ch)
        spans.append((i, i + 1))
    return "".join(out), spans


def _put_before_last(out: list[str], spans: list[tuple[int, int]], ch: str, i: int) -> None:
    """text[i] goes before the last character kept: both stand for the characters from
    the last one's to i (a mark typed in the wrong order is marked with its vowel)."""
    span = (spans[-1][0], i + 1)
    out[-1:], spans[-1:] = [ch, out[-1]], [span, span]


def _chars(marks: frozenset[str]) -> str:
    return "".join(sorted(marks))


# Where `normalise_thai` could change something: an invisible character, nikhahit,
# lakkhangyao, a doubled mark, sara e twice, two tone marks in a row, a tone mark or
# thanthakhat before an above or below vowel, or a tone mark after ะ า ำ. Thai text
# holding none of these is normal already (each rule above needs one to apply).
_NOT_NORMAL = re.compile(
    f"[{INVISIBLE}{NIKHAHIT}{LAKKHANGYAO}]|([{_chars(NO_REPEAT)}{SARA_E}])\\1"
    f"|[{_chars(TONE_MARKS)}][{_chars(TONE_MARKS)}]|[{_chars(ABOVE_MARKS)}][{_chars(MARK_VOWELS)}]"
    f"|[{_chars(FOLLOW_VOWELS)}][{_chars(TONE_MARKS)}]"
)


def is_normal_thai(text: str) -> bool:
    """Whether `normalise_thai` leaves `text` as it is (each character its own span)."""
    return _NOT_NORMAL.search(text) is None


def _next_visible_is_thai(text: str, i: int) -> bool:
    for ch in text[i + 1 :]:
        if ch not in INVISIBLE:
            return bool(_THAI_LETTER.match(ch))
    return False


def normalised_thai(text: str) -> str:
    """`normalise_thai` without the spans: for queries and word lists."""
    return text if is_normal_thai(text) else normalise_thai(text)[0]


def plain_words(text: str) -> str:
    """Text spelled as the analyzer spells its words, for substring tests (engine.holds):
    Thai as normalise_thai writes it, no joiners inside Latin words."""
    return _JOINER.sub("", normalised_thai(text))


def latin_word(run: str) -> tuple[str, tuple[tuple[int, int], ...] | None]:
    """A Latin run without the joiners inside it, and then each kept character's span in
    the run (None when there were none): pass<soft hyphen>port is passport, as typed in a
    query, and still marks all seven characters of the page."""
    if not _JOINER.search(run):
        return run, None
    return _JOINER.sub("", run), tuple((i, i + 1) for i, ch in enumerate(run) if ch not in JOINERS)


def other_words(run: str) -> tuple[tuple[str, int, int], ...]:
    """The words of a run of another script (RUNS' oth) as (word, start, end): letters,
    digits and the combining marks after them, lower case and NFC (a page may write й as
    и and a breve; a query is NFC), with the JOINERS inside a word dropped as a query drops
    them; anything else parts two words."""
    out: list[tuple[str, int, int]] = []
    start, end, kept = -1, 0, []
    for i, ch in enumerate(run + " "):
        if ch.isalnum() or (start >= 0 and unicodedata.category(ch)[0] == "M"):
            if start < 0:
                start, kept = i, []
            kept.append(ch)
            end = i + 1
        elif start >= 0 and ch not in JOINERS:
            out.append((unicodedata.normalize("NFC", "".join(kept).lower()), start, end))
            start = -1
    return tuple(out)


def normalise_digits(text: str) -> str:
    """Thai digits -> Arabic digits, one character for one, so offsets stay right. A text
    with none is handed back as it is: searching for one is far quicker than translate."""
    return text.translate(THAI_DIGITS) if THAI_DIGIT.search(text) else text


def is_thai(text: str) -> bool:
    return bool(text) and "\u0e01" <= text[0] <= "\u0e4e"


def strip_dots(run: str) -> tuple[str, list[int]]:
    """Remove abbreviation dots; return the text and each kept character's index in `run`."""
    kept = [i for i, ch in enumerate(run) if ch != "."]
    return "".join(run[i] for i in kept), kept


def break_points(word: str) -> list[int]:
    """Where a word boundary may fall in `word`, ascending, its ends included: before
    word[i] unless that is a mark or vowel no word begins with, or follows a leading
    vowel (a cheap stand-in for Thai clusters)."""
    inner = [
        i for i in range(1, len(word)) if word[i] not in NON_INITIAL and word[i - 1] not in LEADING_VOWELS
    ]
    return [0, *inner, len(word)] if word else [0]


def dictionary_forms(term: str) -> list[str]:
    """The Thai words a glossary term adds to the dictionary: its runs without dots."""
    return [normalised_thai(strip_dots(m.group("th"))[0]) for m in RUNS.finditer(term) if m.group("th")]
