"""A Whoosh writer whose sub-writers are new interpreters, not forks of the caller.

Whoosh's MpWriter forks its sub-writers from the process that holds the whole loaded
manual, and each fork counts those pages in its own memory: at 10,000 procedures each
one reached 590 MB beside the parent's 415 MB. Here each sub-writer is
`python -m indexer.index.whoosh_parallel`, holding only the interpreter, the word list
and its posting pool. It reads batches of documents (pickled field dicts) on stdin,
writes a segment of its own, and answers with that segment on stdout; this process
keeps the lock, applies the deletions and commits every segment in one table of
contents, as Whoosh's `multisegment` writer does.

(multiprocessing's `spawn` would import the caller's main script again in each child,
which a script without a `__main__` guard does not survive.)

Unlike MpWriter, a sub-writer that fails fails the commit (MpWriter commits the other
segments and drops its documents without a word), and a sub-writer whose parent died
(SIGKILL) sees its stdin close and stops.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from whoosh import formats
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from indexer.errors import IndexWriteFailed
from indexer.index.posting_writer import Key, TermPool, write_terms
from indexer.text.analysis import ThaiAnalyzer

BATCH = 50  # documents per message; a sub-writer idles while this process pickles one
PROJECT = Path(__file__).resolve().parent.parent.parent  # where `indexer` is imported from


POSTING_BYTES = 150  # what a posting held in a TermPool costs, about (limitmb counts these)


class LengthKeepingWriter(SegmentWriter):
    """Whoosh's SegmentWriter, but the field lengths its posting blocks record come from
    memory: Whoosh reads each posting's field length back from the column file it has
    just written, a tenth of a writer's time. The same one-byte lengths, so the same index.
    Text fields go straight to postings (add_document), which a TermPool keeps by term
    and posting_writer writes a term at a time.
    """

    def __init__(self, ix, **options) -> None:
        super().__init__(ix, **options)
        self.pool.cleanup()  # Whoosh's, still empty: postings are kept by term instead
        limit = options.get("limitmb", 128) * 2**20 // POSTING_BYTES
        self.pool = TermPool(getattr(ix.storage, "folder", None), limit)
        self.lengths: defaultdict[str, dict[int, int]] = defaultdict(dict)
        self.lexicon: dict[str, set[str]] | None = None  # a set: the terms written, by field
        per_doc = self.perdocwriter
        write = per_doc.add_field

        def add_field(fieldname, fieldobj, value, length) -> None:
            # every document's fields pass here, merged segments' ones included
            self.lengths[fieldname][per_doc._docnum] = byte_to_length(length_to_byte(length)) if length else 0
            write(fieldname, fieldobj, value, length)

        per_doc.add_field = add_field

    def add_document(self, **fields) -> None:
        """Whoosh's add_document (writing.SegmentWriter, 2.7.5), but a text field our
        analyzer indexes with positions is analysed straight into its postings
        (`positions_postings`) instead of through Whoosh's Token objects and format: the
        same terms, weights, values and lengths, a third of the time."""
        self._check_state()
        perdocwriter, schema, docnum = self.perdocwriter, self.schema, self.docnum
        add_field = self.pool.add_field
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    if isinstance(field.analyzer, ThaiAnalyzer) and type(field.format) is formats.Positions:
                        items = positions_postings(field.analyzer, value, field.format.field_boost)
                    else:
                        items = list(field.index(value))
                    if field.scorable:
                        length = sum(freq for _, freq, _, _ in items)
                    add_field(fieldname, docnum, items, fieldboost)
                if field.separate_spelling() or field.vector:
                    raise NotImplementedError(f"field {fieldname}: spelling or vectors are not written here")
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                if field.column_type and customval is not None:
                    perdocwriter.add_column_value(
                        fieldname, field.column_type, field.to_column_value(customval)
                    )
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.lengths if self.codec.length_stats else None
        if isinstance(self.fieldwriter, W3FieldWriter) and self.codec._inlinelimit <= 1:
            terms = self.pool.iter_terms()
            if self.lexicon is not None:
                terms = noted(terms, self.lexicon)
            write_terms(self.fieldwriter, self.schema, lengths, terms)
        else:  # another codec or inlined postings: Whoosh's writer, given the lengths kept here
            kept = KeptLengths(lengths) if lengths is not None else None
            self.fieldwriter.add_postings(self.schema, kept, self.pool.iter_postings())
        self.fieldwriter.close()


def noted(terms: Iterator[tuple[Key, list]], lexicon: dict[str, set[str]]) -> Iterator[tuple[Key, list]]:
    """The pool's terms, each added to `lexicon` as it passes."""
    for key, flat in terms:
        fieldname, btext = key
        found = lexicon.get(fieldname)
        if found is None:
            found = lexicon[fieldname] = set()
        found.add(btext.decode("utf-8"))
        yield key, flat


def positions_postings(
    analyzer: ThaiAnalyzer, value: str, field_boost: float
) -> list[tuple[bytes, int, float, bytes]]:
    """(term, frequency, weight, value) for each term of `value`, as Whoosh's Positions
    format makes them: the weight is the sum of the term's boosts in token order, the
    value its positions as a count and a pickled list of deltas."""
    positions: dict[str, list[int]] = {}
    weights: dict[str, float] = {}
    pos = 0
    for pieces, count, _ in analyzer.runs(value):  # runs, not tokens: no tuple made per token
        for text, k, _, _, boost in pieces:
            if text in weights:
                positions[text].append(pos + k)
                weights[text] += boost
            else:
                positions[text] = [pos + k]
                weights[text] = 0.0 + boost
        pos += count
    return [
        (text.encode("utf-8"), len(poses), weights[text] * field_boost, encoded_positions(poses))
        for text, poses in positions.items()
    ]


def encoded_positions(positions: list[int]) -> bytes:
    """formats.Positions.encode. Most terms stand once in a field, and the pickles of
    those lists are kept; each value is still a new bytes object, as Whoosh's are (a
    block's pickle would write a shared one as a back-reference: other bytes on disk)."""
    if len(positions) == 1:
        pickled = _ONE_POSITION.get(positions[0])
        if pickled is None:
            pickled = _ONE_POSITION[positions[0]] = pickle.dumps(positions, 2)
        return _ONE + pickled
    deltas = [b - a for a, b in zip([0, *positions], positions, strict=False)]
    return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


_ONE = pack_uint(1)
_ONE_POSITION: dict[int, bytes] = {}


class KeptLengths:
    """What FieldWriter.add_postings asks of a per-document reader."""

    def __init__(self, lengths: dict[str, dict[int, int]]) -> None:
        self.lengths = lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        return self.lengths.get(fieldname, {}).get(docnum, default)


class SpawningWriter(LengthKeepingWriter):
    """A SegmentWriter that hands the documents it is given to `procs` sub-writers.

    `words` and `key` name the word list the analyzer segments with (this process need
    not load it); each sub-writer loads it, cuts the titles' heads at `stopwords` (the
    documents come without them: whoosh_backend.with_heads) and holds up to
    `sub_limitmb` of postings before writing them out. The sub-writers start at once,
    so they load the word list while this process makes the first documents. Each
    `side_jobs` entry is work of the whole index one of them does after its segment
    (see `hand_over` and SIDE_JOBS); `done` names those that were done."""

    def __init__(
        self,
        ix,
        words: Path,
        key: str,
        stopwords: frozenset[str],
        procs: int,
        sub_limitmb: int,
        side_jobs: Sequence[SideJob] = (),
        **options,
    ) -> None:
        super().__init__(ix, **options)
        self.side_jobs = list(side_jobs)
        self.done: list[str] = []
        folder = Path(ix.storage.folder)
        command = [
            sys.executable, "-m", __name__, str(folder), ix.indexname, str(words), key, str(sub_limitmb),
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")])}
        self.children: list[subprocess.Popen] = []
        try:
            for _ in range(procs):
                child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
                self.children.append(child)
                self._write(child, stopwords)  # a sub-writer's first message; small, so no wait
        except BaseException:
            self.cancel()
            raise
        self.batch: list[dict] = []
        self.sent = 0

    def add_document(self, **fields) -> None:
        self.batch.append(fields)
        if len(self.batch) >= BATCH:
            self._send()

    def _send(self) -> None:
        child = self.children[self.sent % len(self.children)]
        self.sent += 1
        self._write(child, self.batch)
        self.batch = []

    @staticmethod
    def _write(child: subprocess.Popen, message: object) -> None:
        try:
            pickle.dump(message, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            raise IndexWriteFailed(f"a sub-writer of the index stopped (exit code {child.wait()})") from None

    def hand_over(self) -> None:
        """Send the last documents and tell the sub-writers to finish. The end message
        is a tuple of side jobs: the first for the one given its last batch longest ago
        (the next in turn), likely the first to finish its segment, the next for the
        next one, and so on around."""
        if self.batch:
            self._send()
        ends: list[list[SideJob]] = [[] for _ in self.children]
        first = self.sent % len(self.children)
        for n, job in enumerate(self.side_jobs):
            ends[(first + n) % len(self.children)].append(job)
        for child, end in zip(self.children, ends, strict=True):
            assert child.stdin is not None
            if not child.stdin.closed:
                self._write(child, tuple(end))  # the end: write your segment
                child.stdin.close()

    def commit(self, mergetype=None, optimize=None, merge=None) -> None:
        self._check_state()
        self.hand_over()
        segments = self._merge_segments(mergetype, optimize, merge)
        for child in self.children:
            assert child.stdout is not None
            answer = child.stdout.read()
            if child.wait() != 0 or not answer:
                raise IndexWriteFailed(f"a sub-writer of the index failed (exit code {child.returncode})")
            segment = pickle.loads(answer)
            if segment is not None:
                segments.append(segment)
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(segments)
        self._finish()
        self.done = [kind for kind, _, _ in self.side_jobs]

    def cancel(self) -> None:
        for child in self.children:
            if child.poll() is None:
                child.kill()
            child.wait()
        super().cancel()


def sub_writer(folder: str, indexname: str, words: str, key: str, limitmb: int, jobs: IO[bytes]) -> object:
    """Add every batch read from `jobs` to a new segment of the index; its Segment, or
    None when no batch came. The first message is the stopwords the titles' heads end
    at; the one after the last batch is a tuple of side jobs to do after the segment."""
    from indexer.index.whoosh_backend import with_heads, write_memos
    from indexer.text.analysis import use_dictionary

    use_dictionary(Path(words), key)
    ix = whoosh_index.open_dir(folder, indexname=indexname)
    analyzer = ix.schema["title"].analyzer
    writer = LengthKeepingWriter(ix, _lk=False, limitmb=limitmb, compound=False)
    writer.lexicon = {}  # for the segment's memos of its terms, which the parent then need not read
    try:
        stopwords = pickle.load(jobs)  # EOFError, here or below: the parent is gone
        while isinstance(batch := pickle.load(jobs), list):
            for fields in batch:
                writer.add_document(**with_heads(fields, analyzer, stopwords))
        if writer._added:
            segment = writer._finalize_segment()
            write_memos(Path(folder), segment.segment_id(), writer.lexicon)
        else:  # more sub-writers than batches: an empty segment would only be one more to read
            writer.cancel()
            segment = None
    except BaseException:
        writer.cancel()
        raise
    del writer  # its posting pool, before the side jobs
    for kind, path, data in batch:
        SIDE_JOBS[kind](path, Path(words), key, data)
    return segment


def analysed_lexicon(path: Path, words: Path, key: str, data: object) -> None:
    """The lexicon analysed into `path` (lexicon.analysed_table), which the writing
    process reads once the segments are in."""
    from indexer.index.writer import words_of_version
    from indexer.text.lexicon import analysed_table

    analysed_table(path, key, words_of_version(key))


def merged_glossary(path: Path, words: Path, key: str, groups: object) -> None:
    """The glossary's `groups` analysed and merged (glossary.merge_groups) into `path`."""
    from indexer.index.writer import words_of_version
    from indexer.manual.glossary import merge_groups, save_groups

    assert isinstance(groups, list)
    path.unlink(missing_ok=True)  # save_groups writes in place, and a file may be a hard link
    save_groups(merge_groups(groups, words_of_version(key)), path)


# Side jobs by kind: (their file, the word list, its key, what else they need). Neither
# depends on the documents; the lexicon is some 0.3 s that the writing process would do
# after every sub-writer had stopped, with one core idle, and with the glossary here
# too it need not load the word list into nlpo3 at all (a fifth of a second).
SIDE_JOBS: dict[str, Callable[[Path, Path, str, object], None]] = {
    "lexicon": analysed_lexicon,
    "glossary": merged_glossary,
}
SideJob = tuple[str, Path, object]  # a kind of SIDE_JOBS, the file it writes, its data


def main(argv: list[str]) -> None:
    folder, indexname, words, key, limitmb = argv
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # stdout carries the answer alone
    segment = sub_writer(folder, indexname, words, key, int(limitmb), sys.stdin.buffer)
    out.write(pickle.dumps(segment))
    out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
