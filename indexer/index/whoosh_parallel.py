"""A Whoosh writer whose sub-writers are forks of a new interpreter, not of the caller.

Whoosh's MpWriter forks its sub-writers from the process that holds the whole loaded
manual, and each fork counts those pages in its own memory: at 10,000 procedures each
one reached 590 MB beside the parent's 415 MB. Here one new interpreter,
`python -m indexer.index.whoosh_parallel`, loads the word list (58 MB in nlpo3 at 10,000
procedures) and then forks the sub-writers, which share its pages instead of loading a
copy each. Each reads batches of documents (field dicts, marshalled) from a pipe of its own,
writes a segment of its own, and answers with that segment on another; this process
keeps the lock, applies the deletions and commits every segment in one table of
contents, as Whoosh's `multisegment` writer does.

(multiprocessing's `spawn` would import the caller's main script again in each child,
which a script without a `__main__` guard does not survive.)

Unlike MpWriter, a sub-writer that fails fails the commit (MpWriter commits the other
segments and drops its documents without a word), and a sub-writer whose parent died
(SIGKILL) sees its pipe close and stops.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import pickle
import signal
import struct
import subprocess
import sys
import traceback
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
from indexer.text.analysis import ThaiAnalyzer, forget_cuts

BATCH = 50  # documents per message; a sub-writer idles while this process encodes one
# Batches after which a sub-writer empties its analyzer memos (analysis.forget_cuts): they
# grow with every new run of text, and at 10,000 procedures were most of a sub-writer's
# memory beside its postings. Measured at 10,000: the peak of all processes 411 MB never
# emptied, 384 MB every 30 batches, 364 MB every 10 (at 9% more CPU: runs recur less
# across a manual than within a stretch of it).
FORGET_EVERY = 30
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
            # every document's fields pass here, merged segments' ones included; a zero
            # length (every field not scored: ids, paths, the stored document) is what
            # each reader of `lengths` takes for a document it lacks, so only the others
            # are kept (half the entries, some 3 MB of a sub-writer at 10,000 procedures)
            if length:
                self.lengths[fieldname][per_doc._docnum] = byte_to_length(length_to_byte(length))
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
    """The pool's terms, each of a field `lexicon` names added to that field's set as it
    passes (fields may share one set: a union is all their memos need)."""
    for key, flat in terms:
        fieldname, btext = key
        found = lexicon.get(fieldname)
        if found is not None:
            found.add(btext.decode("utf-8"))
        yield key, flat


def term_sets(sets: dict[str, Sequence[str]]) -> dict[str, set[str]]:
    """A lexicon for `noted` from named groups of fields (whoosh_backend.TERM_SETS): the
    fields of a group share one set. A set per field held each term once for every text
    field it stands in, all of them at once while the segment was written out."""
    return {name: terms for fields in sets.values() for terms in [set()] for name in fields}


def positions_postings(
    analyzer: ThaiAnalyzer, value: str, field_boost: float
) -> list[tuple[bytes, int, float, bytes]]:
    """(term, frequency, weight, value) for each term of `value`, as Whoosh's Positions
    format makes them: the weight is the sum of the term's boosts in token order, the
    value its positions as a count and a pickled list of deltas."""
    # One entry a term, its weight first and then its positions: one dict lookup a
    # token (two dicts took three), the loop every indexed token passes through.
    found: dict[str, list] = {}
    get = found.get
    pos = 0
    for pieces, count, _ in analyzer.runs(value):  # runs, not tokens: no tuple made per token
        for text, k, _, _, boost in pieces:
            entry = get(text)
            if entry is None:
                found[text] = [0.0 + boost, pos + k]
            else:
                entry[0] += boost
                entry.append(pos + k)
        pos += count
    return [
        (text.encode("utf-8"), len(entry) - 1, entry[0] * field_boost, encoded_positions(entry))
        for text, entry in found.items()
    ]


def encoded_positions(entry: list) -> bytes:
    """formats.Positions.encode of the positions after `entry`'s first item. Most terms
    stand once in a field, and the pickles of those lists are kept; each value is still a
    new bytes object, as Whoosh's are (a block's pickle would write a shared one as a
    back-reference: other bytes on disk)."""
    if len(entry) == 2:
        position = entry[1]
        pickled = _ONE_POSITION.get(position)
        if pickled is None:
            pickled = _ONE_POSITION[position] = pickle.dumps([position], 2)
        return _ONE + pickled
    positions = entry[1:]
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
    not load it); the sub-writers' parent loads it once for all of them, and each cuts
    the titles' heads at `stopwords` (the documents come without them:
    whoosh_backend.with_heads) and holds up to `sub_limitmb` of postings before writing
    them out. They start at once, so the word list loads while this process makes the
    first documents. Each `side_jobs` entry is work of the whole index one of them does
    after its segment (see `hand_over` and SIDE_JOBS); `done` names those that were done."""

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
        self.server: subprocess.Popen | None = None
        self.jobs: list[IO[bytes]] = []  # to each sub-writer
        self.answers: list[IO[bytes]] = []  # from each
        try:
            self._start(command, procs)
            for jobs in self.jobs:
                self._write(jobs, stopwords)  # a sub-writer's first message; small, so no wait
        except BaseException:
            self.cancel()
            raise
        self.batch: list[dict] = []
        self.sent = 0

    def _start(self, command: list[str], procs: int) -> None:
        """Start the sub-writers' parent with a pair of pipes for each (documents in,
        segment out), in a process group of its own: `cancel` stops it and its forks."""
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")])}
        theirs: list[int] = []
        for _ in range(procs):
            jobs_in, jobs_out = os.pipe()
            answer_in, answer_out = os.pipe()
            theirs += [jobs_in, answer_out]
            self.jobs.append(os.fdopen(jobs_out, "wb"))
            self.answers.append(os.fdopen(answer_in, "rb"))
        try:
            self.server = subprocess.Popen(
                [*command, *map(str, theirs)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                pass_fds=theirs, env=env, process_group=0,
            )  # fmt: skip
        finally:
            for fd in theirs:  # theirs alone now: a sub-writer's end of file is this process's close
                os.close(fd)

    def add_document(self, **fields) -> None:
        self.batch.append(fields)
        if len(self.batch) >= BATCH:
            self._send()

    def _send(self) -> None:
        jobs = self.jobs[self.sent % len(self.jobs)]
        self.sent += 1
        self._write(jobs, self.batch)
        self.batch = []

    def _write(self, jobs: IO[bytes], message: object, last: bool = False) -> None:
        try:
            send(jobs, message)
            if last:
                jobs.close()
        except BrokenPipeError:
            raise IndexWriteFailed(f"a sub-writer of the index stopped (exit code {self._stop()})") from None

    def hand_over(self) -> None:
        """Send the last documents and tell the sub-writers to finish. The end message
        is a tuple of side jobs: the first for the one given its last batch longest ago
        (the next in turn), likely the first to finish its segment, the next for the
        next one, and so on around."""
        if self.batch:
            self._send()
        ends: list[list[tuple[str, str, object]]] = [[] for _ in self.jobs]
        first = self.sent % len(self.jobs)
        for n, (kind, path, data) in enumerate(self.side_jobs):
            ends[(first + n) % len(self.jobs)].append((kind, str(path), data))
        for jobs, end in zip(self.jobs, ends, strict=True):
            if not jobs.closed:
                self._write(jobs, tuple(end), last=True)  # the end: write your segment

    def commit(self, mergetype=None, optimize=None, merge=None) -> None:
        self._check_state()
        self.hand_over()
        segments = self._merge_segments(mergetype, optimize, merge)
        for answers in self.answers:
            answer = answers.read()
            if not answer:
                raise IndexWriteFailed(f"a sub-writer of the index failed (exit code {self._stop()})")
            segment = pickle.loads(answer)
            if segment is not None:
                segments.append(segment)
        if self.server is not None and self.server.wait() != 0:
            raise IndexWriteFailed(f"a sub-writer of the index failed (exit code {self.server.returncode})")
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(segments)
        self._finish()
        self.done = [kind for kind, _, _ in self.side_jobs]

    def _stop(self) -> int | None:
        """Stop the sub-writers and their parent (if still running); its exit code."""
        if self.server is None:
            return None
        if self.server.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # the group is gone already
                os.killpg(self.server.pid, signal.SIGKILL)
        return self.server.wait()

    def cancel(self) -> None:
        self._stop()
        for pipe in [*self.jobs, *self.answers]:
            with contextlib.suppress(BrokenPipeError):  # a batch left unsent in the buffer
                pipe.close()
        super().cancel()


LENGTH = struct.Struct("<Q")  # of a message's bytes


def send(out: IO[bytes], message: object) -> None:
    """A message to a sub-writer: marshal's bytes, not pickle's. Pickling a str leaves its
    UTF-8 form cached in the string for good (CPython's PyUnicode_AsUTF8AndSize), and the
    documents hold the manual's own section texts: pickled, they made this process 27 MB
    larger at 10,000 procedures. Marshal encodes a copy, and carries the same plain data
    (str, int, float, None, list, tuple, dict, frozenset)."""
    data = marshal.dumps(message)
    out.write(LENGTH.pack(len(data)))
    out.write(data)


def receive(jobs: IO[bytes]) -> object:
    """The next message `send` wrote; EOFError when the pipe closed before it."""
    head = jobs.read(LENGTH.size)
    if len(head) < LENGTH.size:
        raise EOFError("no message")
    (size,) = LENGTH.unpack(head)
    data = jobs.read(size)
    if len(data) < size:
        raise EOFError("a message cut short")
    return marshal.loads(data)


def sub_writer(folder: str, indexname: str, words: str, key: str, limitmb: int, jobs: IO[bytes]) -> object:
    """Add every batch read from `jobs` to a new segment of the index; its Segment, or
    None when no batch came. The word list `key` is loaded already. The first message is
    the stopwords the titles' heads end at; the one after the last batch is a tuple of
    side jobs to do after the segment."""
    from indexer.index.whoosh_backend import TERM_SETS, with_heads, write_memos

    ix = whoosh_index.open_dir(folder, indexname=indexname)
    analyzer = ix.schema["title"].analyzer
    writer = LengthKeepingWriter(ix, _lk=False, limitmb=limitmb, compound=False)
    writer.lexicon = term_sets(TERM_SETS)  # for the segment's memos, which the parent then need not read
    try:
        stopwords = receive(jobs)  # EOFError, here or below: the parent is gone
        received = 0
        while isinstance(batch := receive(jobs), list):
            for fields in batch:
                writer.add_document(**with_heads(fields, analyzer, stopwords))
            received += 1
            if received % FORGET_EVERY == 0:
                forget_cuts()
        if writer._added:
            forget_cuts()  # the flush's peak reuses their memory, which its own would add to
            segment = writer._finalize_segment()
            write_memos(Path(folder), segment.segment_id(), writer.lexicon)
        else:  # more sub-writers than batches: an empty segment would only be one more to read
            writer.cancel()
            segment = None
    except BaseException:
        writer.cancel()
        raise
    del writer  # its posting pool, before the side jobs
    assert isinstance(batch, tuple)
    for kind, path, data in batch:
        SIDE_JOBS[kind](Path(path), Path(words), key, data)
    return segment


def serve(folder: str, indexname: str, words: str, key: str, limitmb: int, fds: list[int]) -> int:
    """Load the word list, then fork a sub-writer for each pair of `fds` (documents in,
    segment out) and wait for them: 0 when every one answered.

    Forked after the load, the sub-writers share the word list's pages with this process
    (they only read them) instead of holding a copy each; `gc.freeze` keeps the
    collector from writing to the objects they inherit, which would copy those pages."""
    from indexer.index import whoosh_backend  # noqa: F401  (imported once, for every fork)
    from indexer.text.analysis import use_dictionary

    use_dictionary(Path(words), key).words  # noqa: B018  (the set compound splitting reads, shared too)
    gc.freeze()
    children = []
    for jobs_fd, answer_fd in zip(fds[0::2], fds[1::2], strict=True):
        pid = os.fork()
        if pid == 0:  # the sub-writer: nothing returns from here
            code = 1
            try:
                for fd in fds:
                    if fd not in (jobs_fd, answer_fd):
                        os.close(fd)  # another's: its end of file must not wait for this process
                with os.fdopen(jobs_fd, "rb") as jobs, os.fdopen(answer_fd, "wb") as answer:
                    answer.write(pickle.dumps(sub_writer(folder, indexname, words, key, limitmb, jobs)))
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        children.append(pid)
    for fd in fds:
        os.close(fd)
    codes = [os.waitpid(pid, 0)[1] for pid in children]  # every one, failed or not
    return 0 if not any(codes) else 1


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
    folder, indexname, words, key, limitmb, *fds = argv
    sys.exit(serve(folder, indexname, words, key, int(limitmb), [int(fd) for fd in fds]))


if __name__ == "__main__":
    main(sys.argv[1:])
