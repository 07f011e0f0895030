"""The scorer reads Whoosh's posting blocks itself (whoosh_postings.posting_blocks): what it
decodes must be what Whoosh's own matcher gives, for every shape a posting list takes."""

from __future__ import annotations

import pickle
import zlib

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import TEXT, Schema

from indexer.index.document import TEXT_FIELDS
from indexer.index.whoosh_postings import (
    PostingScorer,
    ids_and_weights,
    phrase_holding,
    phrase_holds,
    positions,
    positions_batch,
    posting_blocks,
)


def whoosh_postings(reader, field: str, word: bytes) -> list[tuple[int, float, bytes]]:
    matcher = reader.postings(field, word)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def test_blocks_decode_as_whooshs_matcher_reads_them(tmp_path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), Schema(body=TEXT(phrase=True)))
    writer = ix.writer()
    for n in range(700):  # several blocks of 128 postings
        words = ["common"] * (1 + n % 4)  # weights that differ within a block
        words += ["flat"]  # weight 1.0 everywhere: the block stores no weights
        words += ["twice", "twice"] if n % 2 else []  # one weight for the whole block
        words += ["alone"] if n == 500 else []  # one posting: kept inside the term info
        words += ["sparse"] if n % 97 == 0 else []
        writer.add_document(body=" ".join([*words, f"w{n}"]))
    writer.commit()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        fmt = ix.schema["body"].format
        for word in [b"common", b"flat", b"twice", b"alone", b"sparse", b"w699"]:
            blocks = list(posting_blocks(reader, "body", word, fmt))
            ours = [
                (i, w, v)
                for ids, weights, values in blocks
                for i, w, v in zip(ids, weights, values, strict=True)
            ]
            assert ours == whoosh_postings(reader, "body", word), word
            # scoring reads the ids and weights alone: the same, without decoding the values
            scoring = list(posting_blocks(reader, "body", word, fmt, values=False))
            assert [(i, w) for i, w, v in scoring] == [(i, w) for i, w, _ in blocks], word
            assert all(v is None for _, _, v in scoring)
        assert len(list(posting_blocks(reader, "body", b"common", fmt))) > 3
        assert list(posting_blocks(reader, "body", b"nowhere", fmt)) == []


@pytest.mark.parametrize("count", [1, 3, 4, 128])
@pytest.mark.parametrize("compressed", [False, True])
def test_ids_and_weights_of_a_block_are_its_pickles(count, compressed) -> None:
    """A block as a writer pickles it (protocol 2), stored as it is (a short block, read as
    a view of the file) or compressed: its ids and weights, whatever bytes they hold."""
    deltas = tuple(range(0, 70_000 * count, 70_000))  # deltas of 1, 3 and 5 bytes
    weights = tuple(float(n % 7) + 0.5 for n in range(count))
    values = tuple(pickle.dumps([n, n + 40], 2) for n in range(count))
    data = pickle.dumps((deltas, weights, values), 2)
    stored = memoryview(zlib.compress(data, 3) if compressed else data)
    assert ids_and_weights(stored, compressed, count) == (deltas, weights, None)


@pytest.mark.parametrize("where", [[0], [3, 4, 90], list(range(0, 3000, 7)), [70_000, 70_001]])
def test_positions_decode_as_whooshs_format_decodes_them(where) -> None:
    """Phrase checks decode positions themselves (whoosh_postings.positions): the same
    positions as the Positions format's own decoding, with or without pickle's STOP."""
    fmt = TEXT(phrase=True).format
    value = fmt.encode(where)
    assert positions(value) == fmt.decode_positions(value) == where
    assert positions(value[:-1]) == where


def test_positions_decode_together_as_one_by_one() -> None:
    """positions_batch unpickles many values in one call: the lists `positions` gives each,
    whatever their lengths and gaps (one-, two- and five-byte ints), STOP kept or dropped."""
    fmt = TEXT(phrase=True).format
    wheres = [[0], [46], [3, 4, 90], list(range(0, 3000, 7)), [70_000, 70_001], [255, 256, 65_536]]
    values = [fmt.encode(w) for w in wheres]
    values += [v[:-1] for v in values]
    assert positions_batch(values) == [positions(v) for v in values] == wheres + wheres
    assert positions_batch([]) == []
    assert positions_batch([b"\x00\x00\x00\x01K"]) is None  # not a pickle of protocol 2


def test_a_phrase_checked_in_many_documents_at_once(tmp_path) -> None:
    """phrase_holding: the documents phrase_holds finds, one by one, for phrases of two and
    three words, repeated words, and words far apart."""
    schema = Schema(**{field: TEXT(phrase=True) for field in TEXT_FIELDS})  # as the scorer reads
    ix = whoosh_index.create_in(str(tmp_path), schema)
    writer = ix.writer()
    for n in range(400):
        words = ["xray"] * (n % 5) + ["alpha", "beta"] * (n % 3 == 0)
        words += ["beta", "xray", "alpha"] * (n % 4 == 0)
        words += ["alpha", "alpha", "beta", "gamma"] if n % 7 == 0 else ["gamma", "alpha"]
        writer.add_document(body=" ".join(words))
    writer.commit()
    with ix.searcher() as searcher:
        terms = PostingScorer(searcher).query()
        phrases = [("alpha", "beta"), ("beta", "alpha"), ("alpha", "alpha"), ("alpha", "beta", "gamma"),
                   ("xray", "alpha", "beta"), ("gamma", "alpha")]  # fmt: skip
        for words in phrases:
            docs = sorted(set(terms.term("body", words[0], True)).intersection(
                *(terms.term("body", w, True) for w in words[1:])))  # fmt: skip
            one_by_one = {doc for doc in docs if phrase_holds(terms.scorer.query(), "body", words, doc)}
            assert phrase_holding(terms, "body", words, docs) == one_by_one, words
            term = terms.read("body", words[0])  # several blocks: values found a block at a time
            assert term.values_of(docs) == [term.value(doc) for doc in docs]
            assert len(one_by_one) > 0 or words == ("xray", "alpha", "beta")
