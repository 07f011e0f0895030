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
1,000 procedures, and then a dozen calls a term through its block and term info objects.
Here a term's blocks and its term info are encoded at once (`write_term`), with the
statistics, pickles and zlib level Whoosh's `_write_block`, `finish_postings` and
`W3TermInfo.to_bytes` use, but short blocks uncompressed (SMALL_BLOCK). With every block
compressed the files are byte-identical (tests/test_parallel_writer.py), and Whoosh reads
the same postings either way; this follows the posting format of whoosh-reloaded 2.7.5,
which requirements.txt pins.
"""

from __future__ import annotations

import heapq
import marshal
import tempfile
import zlib
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import itemgetter
from pickle import dumps
from typing import IO, NamedTuple

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC as MAGIC
from whoosh.codec.whoosh3 import W3FieldWriter, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

# (field name, term, document number, weight, value): what Whoosh's posting pool yields
PoolItem = tuple[str, bytes, int, float, bytes | None]
Lengths = dict[str, dict[int, int]]  # field -> document number -> its length, as stored


# A block whose pickle is shorter is stored as it is (its header says so, and Whoosh's
# reader and ours decompress only blocks marked compressed): zlib makes such a block no
# smaller, and its set-up is most of the cost of compressing the many short posting lists
# (a seventh of writing the postings). Whoosh meant to skip blocks under 20 bytes, but
# its check is overwritten on the next line.
SMALL_BLOCK = 96
TERM_INFO = W3TermInfo._struct  # flags, total weight, document count, lengths, max weight, ids

Key = tuple[str, bytes]  # (field name, term)
FieldItem = tuple[bytes, int, float, bytes | None]  # term, frequency, weight, value: Field.index's
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
            flat[:] = sorted_flat(flat)
        self.count += 1
        if self.count >= self.limit:
            self.save()

    def add_field(self, fieldname: str, docnum: int, items: list[FieldItem], boost: float) -> None:
        """`add` for each (term, frequency, weight, value) of one field of a document,
        the weight times `boost`: one call for the field instead of one per posting."""
        terms = self.terms
        for btext, _, weight, value in items:
            flat = terms.get((fieldname, btext))
            if flat is None:
                terms[fieldname, btext] = [docnum, weight * boost, value]
            elif docnum > flat[-3]:
                flat += (docnum, weight * boost, value)
            else:  # out of order, as in add
                flat += (docnum, weight * boost, value)
                flat[:] = sorted_flat(flat)
        self.count += len(items)
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
            postings = writer._postwriter
            value_size = writer._format.fixed_value_size()
            blocks = BlockFormat(postings._blocklimit, postings._compression, value_size)
            key = pack_ushort(writer._fieldid)
        info = write_term(writer._postfile, blocks, flat[0::3], flat[1::3], flat[2::3], field_lengths)
        writer._tindex.add(key + btext, info)
    if field is not None:
        writer.finish_field()


class BlockFormat(NamedTuple):
    limit: int  # postings a block holds
    compression: int  # zlib level, 0 for none
    value_size: int | None  # bytes of each value when fixed (Format.fixed_value_size)


def write_term(
    postfile,
    blocks: BlockFormat,
    ids: list[int],
    weights: list[float],
    values: list[bytes | None],
    field_lengths: dict[int, int],
) -> bytes:
    """Write one term's posting blocks at the end of `postfile` and return its term info,
    as W3PostingsWriter (start_postings, add_posting, finish_postings) and
    W3TermInfo.to_bytes make them: blocks of `limit` postings, the last one's length
    negative; never inlined (the codec's inline limit is 1)."""
    limit, comp, value_size = blocks
    start = postfile.tell()
    out = [MAGIC]
    total: float = 0  # the term info's statistics, block by block (W3TermInfo.add_block)
    min_length = None
    max_length = max_weight = 0
    n = len(ids)
    for at in range(0, n, limit):
        block_ids = ids[at : at + limit]
        block_weights = weights[at : at + limit]
        stored = array("f", block_weights)  # the block keeps its weights as 32-bit floats
        heaviest = max(block_weights)
        heaviest = heaviest if heaviest > 0 else 0  # add_posting starts from 0
        known = [length for length in map(field_lengths.get, block_ids) if length]
        low = min(known) if known else None
        high = max(known) if known else 0
        total += sum(stored)
        min_length = low if min_length is None else min(min_length, low)
        max_length = max(max_length, high)
        max_weight = max(max_weight, heaviest)
        kept = [v for v in values[at : at + limit] if v]  # add_posting keeps non-empty ones
        if value_size is None or value_size < 0:
            mini_values: tuple | bytes | None = tuple(kept)
        elif value_size == 0:
            mini_values = None
        else:
            mini_values = b"".join(kept)
        first = stored[0]
        if all(w == 1.0 for w in stored):
            mini_weights: tuple | float | None = None
        elif all(w == first for w in stored):
            mini_weights = first
        else:
            mini_weights = tuple(stored)
        deltas = tuple(b - a for a, b in zip([0, *block_ids], block_ids, strict=False))
        data = dumps((deltas, mini_weights, mini_values), 2)
        packed = comp if len(data) >= SMALL_BLOCK else 0
        if packed:
            data = zlib.compress(data, packed)
        head = (len(block_ids), block_ids[-1], heaviest, packed, length_to_byte(low), length_to_byte(high))
        head = dumps(head, 2)
        size = len(head) + len(data)
        out += (pack_int(-size if at + limit >= n else size), head, data)
    written = b"".join(out)
    postfile.write(written)
    packed = TERM_INFO.pack(
        False,  # not inlined
        total,
        n,
        0 if min_length is None else length_to_byte(min_length),
        length_to_byte(max_length),
        max_weight,
        ids[0],
        ids[-1],
    )
    return packed + pack_long(start) + pack_int(len(written))
