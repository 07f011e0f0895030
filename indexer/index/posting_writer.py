"""Postings gathered by term and written a term at a time, the bytes Whoosh's own
writer makes.

Whoosh's PostingPool keeps every posting as a tuple, sorts them all (spilling sorted
runs to disk and heap-merging them posting by posting), and its FieldWriter then walks
them one at a time. `TermPool` keeps each term's postings together, in the order they
came (documents are added in number order, so that is their order), sorts only the
terms, and spills runs of terms that are merged term by term.

Whoosh's FieldWriter.add_postings walks the sorted postings one by one through
W3FieldWriter.add and W3PostingsWriter.add_posting (type checks, running statistics, a
field length read per posting), a Python call chain for each of the 340,000 postings of
1,000 procedures. Here each block of a term's postings is put into the postings
writer's buffer at once, with the statistics add_posting would
have kept, and Whoosh's own `_write_block` and `finish_postings` encode it. The files
are byte-identical (tests/test_parallel_writer.py); this leans on the buffer attributes
of whoosh-reloaded 2.7.5's W3PostingsWriter, which requirements.txt pins.
"""

from __future__ import annotations

import heapq
import marshal
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import itemgetter
from typing import IO

from whoosh.codec.whoosh3 import W3FieldWriter

# (field name, term, document number, weight, value): what Whoosh's posting pool yields
PoolItem = tuple[str, bytes, int, float, bytes | None]
Lengths = dict[str, dict[int, int]]  # field -> document number -> its length, as stored


Key = tuple[str, bytes]  # (field name, term)
# A term's postings, flat: document number, weight, value, document number, ...
Flat = list


class TermPool:
    """Whoosh's posting pool (add, iter_postings, cleanup), by term. Past `limit`
    postings the terms go to a run file, sorted, and the runs are merged at the end."""

    def __init__(self, folder: str | None, limit: int) -> None:
        self.folder = folder
        self.limit = limit
        self.terms: dict[Key, Flat] = {}
        self.count = 0
        self.runs: list[IO[bytes]] = []

    def add(self, item: PoolItem) -> None:
        fieldname, btext, docnum, weight, value = item
        flat = self.terms.get((fieldname, btext))
        if flat is None:
            self.terms[fieldname, btext] = [docnum, weight, value]
        elif docnum > flat[-3]:
            flat += (docnum, weight, value)
        else:  # never for documents added in order; Whoosh's pool sorts, and so do we
            flat += (docnum, weight, value)
            triples = sorted(zip(flat[0::3], flat[1::3], flat[2::3], strict=True))
            flat[:] = chain.from_iterable(triples)
        self.count += 1
        if self.count >= self.limit:
            self.save()

    def save(self) -> None:
        # open until cleanup (or this process ends: the file has no name to leave behind)
        run = tempfile.TemporaryFile(prefix="ecm-postings-", dir=self.folder)  # noqa: SIM115
        for key in sorted(self.terms):
            marshal.dump((key, self.terms[key]), run)
        run.seek(0)
        self.runs.append(run)
        self.terms, self.count = {}, 0

    def iter_terms(self) -> Iterator[tuple[Key, Flat]]:
        """(key, flat postings) of every term, sorted by key."""
        current = ((key, self.terms[key]) for key in sorted(self.terms))
        if not self.runs:
            yield from current
            return
        merged = heapq.merge(*map(read_run, self.runs), current, key=itemgetter(0))
        key, flat = next(merged)
        for other, more in merged:  # a term's runs come in the order they were written
            if other == key:
                flat = flat + more if more[0] > flat[-3] else sorted_flat(flat + more)
            else:
                yield key, flat
                key, flat = other, more
        yield key, flat

    def iter_postings(self) -> Iterator[PoolItem]:
        for (fieldname, btext), flat in self.iter_terms():
            for i in range(0, len(flat), 3):
                yield fieldname, btext, flat[i], flat[i + 1], flat[i + 2]

    def cleanup(self) -> None:
        for run in self.runs:
            run.close()
        self.runs = []
        self.terms = {}


def read_run(run: IO[bytes]) -> Iterator[tuple[Key, Flat]]:
    while True:
        try:
            key, flat = marshal.load(run)
        except EOFError:
            return
        yield tuple(key), flat


def sorted_flat(flat: Flat) -> Flat:
    return list(chain.from_iterable(sorted(zip(flat[0::3], flat[1::3], flat[2::3], strict=True))))


def write_terms(
    writer: W3FieldWriter, schema, lengths: Lengths | None, terms: Iterable[tuple[Key, Flat]]
) -> None:
    """FieldWriter.add_postings for a pool's sorted terms."""
    field = None
    field_lengths: dict[int, int] = {}
    for (fieldname, btext), flat in terms:
        if fieldname != field:
            if field is not None:
                writer.finish_field()
            writer.start_field(fieldname, schema[fieldname])
            field = fieldname
            field_lengths = lengths.get(fieldname, {}) if lengths is not None else {}
        write_term(writer, btext, flat[0::3], flat[1::3], flat[2::3], field_lengths)
    if field is not None:
        writer.finish_field()


def write_term(
    writer: W3FieldWriter,
    btext: bytes,
    ids: list[int],
    weights: list[float],
    values: list[bytes | None],
    field_lengths: dict[int, int],
) -> None:
    """One term's postings, blocks of `blocklimit` as add_posting would fill them: every
    full block but the last is written when the next posting comes, the last one by
    finish_postings (Whoosh marks it as the last)."""
    writer.start_term(btext)
    postings = writer._postwriter
    limit = postings._blocklimit
    n = len(ids)
    for at in range(0, n, limit):
        block_ids = ids[at : at + limit]
        block_weights = weights[at : at + limit]
        postings._ids = array("I", block_ids)
        postings._weights = array("f", block_weights)
        postings._values = [v for v in values[at : at + limit] if v]  # add_posting keeps non-empty ones
        heaviest = max(block_weights)
        postings._maxweight = heaviest if heaviest > 0 else 0  # add_posting starts from 0
        known = [length for length in map(field_lengths.get, block_ids) if length]
        postings._minlength = min(known) if known else None
        postings._maxlength = max(known) if known else 0
        if at + limit < n:
            postings._write_block()
    writer.finish_term()
