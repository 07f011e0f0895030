"""The commands of `cli.py` (and `ecm`): a thin click front over `indexer` and `search`.

Results go to stdout (JSON with --json); messages and progress go to stderr.
Exit status: 0 success, 1 the manual has errors, 2 bad usage or bad input.
The packages are imported inside each command; a plain `search` does not even come
here (search/cli/lookup.py answers it without click).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from indexer.errors import EcmError, did_you_mean
from indexer.manual.confidentiality import CLASSIFICATIONS
from indexer.manual.confidentiality import DEFAULT as DEFAULT_CLASSIFICATION
from indexer.project import project_dir
from search.terminal import printable

DEFAULT_INDEX = project_dir() / ".index"
DEFAULT_SITE = "site"

manual_option = click.option(
    "--manual", "manual_dir", default="manual", show_default=True,
    type=click.Path(path_type=Path), help="The manual folder.",
)  # fmt: skip
index_option = click.option(
    "--index", "index_dir", default=str(DEFAULT_INDEX), show_default=".index",
    type=click.Path(path_type=Path), help="The index folder.",
)  # fmt: skip
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
site_option = click.option(
    "--site", "site_dir", default=DEFAULT_SITE, show_default=True,
    type=click.Path(path_type=Path), help="The built site folder.",
)  # fmt: skip


class Day(click.ParamType):
    """A date written YYYY-MM-DD in the Common or the Buddhist Era (2570-01-31 is 2027-01-31)."""

    name = "date"

    def convert(self, value, param, ctx):
        from datetime import date

        from indexer.manual.dates import parse_day

        if isinstance(value, date):
            return value
        try:
            return parse_day(str(value))
        except ValueError as exc:
            self.fail(f"{exc} (Common or Buddhist Era, e.g. 2026-10-01 or 2569-10-01)", param, ctx)


DAY = Day()


class BadInput(click.ClickException):
    """Bad usage or input: one sentence on stderr, exit status 2, no traceback. The
    sentence may quote what was typed or read (an id, a category, a file's name), so its
    control characters are shown as escapes, never acted on by the terminal."""

    exit_code = 2

    def format_message(self) -> str:
        return printable(self.message)


class Commands(click.Group):
    """Turns every failure the user can act on (`indexer.errors.EcmError`) into BadInput."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except EcmError as exc:
            raise BadInput(str(exc)) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Search and maintain the e-Consular Manual."""


def load(manual_dir: Path, cache=None):
    from indexer.manual.loader import load_manual

    return load_manual(manual_dir, cache=cache)


def shown(problems, manual_dir: Path) -> list:
    """Problems with paths that open from here: the manual folder as given, then the file."""
    from indexer.manual.loader import shown as shown_problem

    return [shown_problem(p, manual_dir) for p in problems]


def parse_cache(manual_dir: Path, index_dir: Path, public: bool = False):
    """The loader's cache of parsed files, kept in the index folder (safe to delete), but
    never in a public edition's: it holds the text of every file, internal ones too, and a
    public index folder is what a public server is given. There, one left by an earlier
    internal build is deleted and the cache lives in memory for this run only."""
    import shutil

    from indexer.index.store import current_generation, generation_edition
    from indexer.manual.parse_cache import FOLDER, ParseCache

    current = current_generation(index_dir)
    if public or (current is not None and generation_edition(current) is not False):
        shutil.rmtree(Path(index_dir) / FOLDER, ignore_errors=True)
        return ParseCache(manual_root=manual_dir)
    return ParseCache.beside_index(index_dir, manual_dir)


def open_engine(index_dir: Path):
    from search.engine import SearchEngine

    return SearchEngine(index_dir)


def echo_json(data) -> None:
    from search.cli.lookup import writes_utf8

    # \u escapes where the output cannot hold Thai: still JSON, and nothing lost
    click.echo(json.dumps(data, ensure_ascii=not writes_utf8(sys.stdout)))


@cli.command()
@manual_option
@index_option
@click.option("--public", is_flag=True, help="Leave out every document that is not public.")
@click.option("--full", is_flag=True, help="Rebuild from scratch instead of updating.")
@json_option
def index(manual_dir: Path, index_dir: Path, public: bool, full: bool, as_json: bool) -> None:
    """Bring the index up to date with the manual."""
    from indexer.index.writer import update_index

    manual = load(manual_dir, parse_cache(manual_dir, index_dir, public))
    for problem in shown(manual.errors, manual_dir):
        click.echo(problem.format(), err=True)
    report = update_index(manual, index_dir, public, full, progress_factory=progress_bar)
    summary = (
        f"indexed {report.doc_count} procedures into {index_dir}/{report.generation} "
        f"({report.reason}: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.removed)} removed)"
    )
    if as_json:
        echo_json({**vars(report), "errors": [p.to_dict() for p in shown(manual.errors, manual_dir)]})
    else:
        click.echo(summary)
    if manual.errors:
        click.echo(f"{len(manual.errors)} file problem(s) left files out of the index", err=True)
        sys.exit(1)


def progress_bar(total: int):
    """A progress bar on stderr when it is a terminal, else nothing."""
    if total < 50 or not sys.stderr.isatty():
        return None
    bar = click.progressbar(length=total, label="indexing", file=sys.stderr)
    bar.__enter__()

    def advance(n: int) -> None:
        bar.update(n)
        if bar.pos >= total:
            bar.__exit__(None, None, None)

    return advance


class SearchCommand(click.Command):
    """Unknown options are query words: `search visa -passport`, typed without quotes,
    excludes passport. A --word before `--` is still a mistyped option (--limt), refused
    as click refuses one."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = {name for param in self.get_params(ctx) for name in param.opts if name.startswith("--")}
        for arg in args[: args.index("--")] if "--" in args else args:
            name = arg.partition("=")[0]
            if name.startswith("--") and len(name) > 2 and name not in known:
                import difflib  # only for a mistyped option: not at every start

                raise click.NoSuchOption(name, possibilities=difflib.get_close_matches(name, known), ctx=ctx)
        return super().parse_args(ctx, args)


@cli.command(cls=SearchCommand, context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1)
@index_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@json_option
@click.option("--category", help="Only this category (its folder name).")
@click.option("--tag", help="Only procedures with this tag.")
@click.option("--lang", help="Only this language (th, en).")
@click.option("--batch", type=click.Path(allow_dash=True, path_type=Path),
              help="Read one query per line from FILE ('-' for stdin).")  # fmt: skip
def search(query: tuple[str, ...], index_dir: Path, limit: int, as_json: bool,
           category: str | None, tag: str | None, lang: str | None, batch: Path | None) -> None:  # fmt: skip
    """Find procedures: Thai, English, abbreviations, phrases in "quotes", -excluded."""
    if batch is None and not query:
        raise BadInput("give a query, or --batch FILE")
    queries = read_batch(batch) if batch is not None else [" ".join(query)]
    engine = open_engine(index_dir)
    for text in queries:
        response = engine.search(text, limit=limit, category=category, tag=tag, lang=lang)
        if as_json:
            echo_json(response.to_dict())
        else:
            print_response(response)


def read_batch(batch: Path) -> list[str]:
    try:
        raw = sys.stdin.buffer.read() if str(batch) == "-" else batch.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise BadInput(f"cannot read the batch file {batch}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BadInput(f"{batch}:{line}: the batch file is not UTF-8 text") from None
    if "\x00" in text:
        raise BadInput(f"{batch}: the batch file holds binary data")
    # Lines end at LF (or CRLF) only: str.splitlines also breaks at form feeds, U+0085 and
    # U+2028 inside a line, which gave more answers than the file has lines.
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the last line's own end
    return [line.strip() for line in lines]  # a blank line gets an empty result


def print_response(response) -> None:
    from search.terminal import format_response

    click.echo(format_response(response, color=sys.stdout.isatty()))


@cli.command()
@click.argument("procedure_id")
@manual_option
@json_option
def show(procedure_id: str, manual_dir: Path, as_json: bool) -> None:
    """Show one procedure."""
    from search.terminal import format_procedure

    manual = load(manual_dir)
    procedures = manual.by_id()
    proc = procedures.get(procedure_id)
    if proc is None:
        hint = did_you_mean(procedure_id, procedures, cutoff=0.6, examples=False)
        raise BadInput(f"no procedure with id '{procedure_id}' in {manual_dir}{hint}")
    if as_json:
        echo_json(procedure_json(proc))
    else:
        category = manual.categories.get(proc.category)
        click.echo(format_procedure(proc, category, color=sys.stdout.isatty()))


def procedure_json(proc) -> dict:
    keys = ("id", "title", "title_en", "category", "lang", "summary", "tags", "aliases",
            "classification", "owner", "related", "legal_basis", "path", "url", "body", "ref")  # fmt: skip
    data = {key: getattr(proc, key) for key in keys}
    data["last_reviewed"] = proc.last_reviewed.isoformat() if proc.last_reviewed else None
    data["review_due"] = proc.review_due.isoformat() if proc.review_due else None
    data["sections"] = [
        {"heading": s.heading, "level": s.level, "anchor": s.anchor, "number": s.number,
         "cite": proc.citation(s) if s.number else ""}
        for s in proc.sections
    ]  # fmt: skip
    data["extra"] = {k: str(v) for k, v in proc.extra.items()}
    return data


@cli.command(name="list")
@manual_option
@click.option("--category", help="Only this category.")
@json_option
def list_procedures(manual_dir: Path, category: str | None, as_json: bool) -> None:
    """List procedures by category."""
    manual = load(manual_dir)
    if category and category not in manual.categories:
        raise BadInput(f"no category '{category}' in {manual_dir}{did_you_mean(category, manual.categories)}")
    groups = []
    for cat in sorted(manual.categories.values(), key=lambda c: (c.order, c.slug)):
        if category and cat.slug != category:
            continue
        procs = sorted((p for p in manual.procedures if p.category == cat.slug), key=lambda p: p.id)
        groups.append((cat, procs))
    if as_json:
        echo_json([
            {"category": c.slug, "th": c.th, "en": c.en,
             "procedures": [{"id": p.id, "title": p.title, "title_en": p.title_en,
                             "lang": p.lang, "classification": p.classification} for p in procs]}
            for c, procs in groups
        ])  # fmt: skip
        return
    for cat, procs in groups:
        click.echo(click.style(f"{cat.th} ({cat.en})", bold=True))
        for p in procs:
            english = f" — {p.title_en}" if p.title_en else ""
            click.echo(printable(f"  {p.id:<34} {p.title}{english}"))


@cli.command()
@manual_option
@json_option
@click.option("--index", "index_dir", default=str(DEFAULT_INDEX), show_default=".index",
              type=click.Path(path_type=Path),
              help="The index folder, where the cache of parsed files is kept.")  # fmt: skip
@click.option("--base", metavar="REF",
              help="Warn about procedures whose body changed since this git branch or commit "
                   "without a new change note, and about sections cited there that this "
                   "change renumbers (for a pull request: --base origin/main).")  # fmt: skip
def check(manual_dir: Path, as_json: bool, index_dir: Path, base: str | None) -> None:
    """Validate the manual; exit 1 when it has errors."""
    from indexer.manual.citations import renumbered_sections, unknown_citations

    manual = load(manual_dir, parse_cache(manual_dir, index_dir))
    manual.problems = sorted(manual.problems + unknown_citations(manual))
    if base is not None:
        from indexer.manual.note_review import unnoted_changes

        found = unnoted_changes(manual, base) + renumbered_sections(manual, base)
        manual.problems = sorted(manual.problems + found)
    problems = shown(manual.problems, manual_dir)
    if as_json:
        echo_json([p.to_dict() for p in problems])
    else:
        for problem in problems:
            click.echo(problem.format())
        errors = len(manual.errors)
        click.echo(
            f"{len(manual.procedures)} procedures checked: {errors} error(s), "
            f"{len(problems) - errors} warning(s)"
        )
    if manual.errors:
        sys.exit(1)


@cli.command()
@manual_option
@site_option
@index_option
@click.option("--public", is_flag=True, help="Build the public edition: public documents only.")
def build(manual_dir: Path, site_dir: Path, index_dir: Path, public: bool) -> None:
    """Check the manual, update the index and build the static site."""
    manual = load(manual_dir, parse_cache(manual_dir, index_dir, public))
    for problem in shown(manual.errors, manual_dir):
        click.echo(problem.format(), err=True)
    build_all(manual, site_dir, index_dir, public)
    edition = "public" if public else "internal"
    click.echo(f"built the {edition} edition of {len(manual.procedures)} procedures into {site_dir}")
    if manual.errors:
        click.echo(f"{len(manual.errors)} file problem(s) left files out of the build", err=True)
        sys.exit(1)


def build_all(manual, site_dir: Path, index_dir: Path, public: bool):
    """Index, then build the site into a staging folder that replaces `site_dir` when done."""
    from indexer.index.writer import update_index
    from indexer.site import build_site
    from indexer.site.publish import staged_directory

    update_index(manual, index_dir, public_only=public)
    with staged_directory(site_dir) as staging:
        plugin = build_site(manual, staging, public_only=public, index_dir=index_dir)
    return plugin  # what `serve --watch` renders single pages again with


@cli.command()
@site_option
@index_option
@manual_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--watch", is_flag=True, help="Rebuild the site and index when the manual changes.")
@click.option("--users", "users_file", type=click.Path(path_type=Path),
              help="Require sign-in against this users file (see `passwd`).")  # fmt: skip
@click.option("--token-file", type=click.Path(path_type=Path),
              help="Require the bearer token held in this file (or set ECM_TOKEN).")  # fmt: skip
@click.option("--token", "token_value", hidden=True, help="Refused: a value here shows in `ps`.")
@click.option("--feedback/--no-feedback", default=None,
              help="Keep readers' feedback and searches in <index>/analytics.sqlite3 "
                   "(default: on for the internal edition, off for the public one).")  # fmt: skip
def serve(site_dir: Path, index_dir: Path, manual_dir: Path, host: str, port: int, watch: bool,
          users_file: Path | None, token_file: Path | None, token_value: str | None,
          feedback: bool | None) -> None:  # fmt: skip
    """Serve the built site and the search API (builds first when nothing is built).

    An internal edition is only served to this machine unless sign-in is set up with
    --users or a token (--token-file, or the ECM_TOKEN environment variable).
    """
    import os

    from indexer.index.store import Manifest, current_generation
    from search.web.api import is_loopback
    from search.web.api import serve as serve_app
    from search.web.auth import Auth, read_users

    if token_value is not None:
        raise BadInput("--token VALUE shows in the process list: put the token in a file "
                       "(--token-file FILE, mode 0600) or in ECM_TOKEN")  # fmt: skip
    try:
        token = token_file.read_text("utf-8") if token_file else os.environ.get("ECM_TOKEN")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the token file {token_file}: {exc}") from None
    auth = Auth(read_users(users_file) if users_file else None, token)
    cache = parse_cache(manual_dir, index_dir)  # held across rebuilds: only saved files are re-read

    def rebuild() -> None:
        manual = load(manual_dir, cache)
        for problem in shown(manual.errors, manual_dir):
            click.echo(problem.format(), err=True)
        build_all(manual, site_dir, index_dir, public=False)

    state = None
    if watch:
        from indexer.site.watch import Preview, timed
        from indexer.site.watch import watch as start_watching

        def full_build(manual):
            return build_all(manual, site_dir, index_dir, public=False)

        preview = Preview(manual_dir, site_dir, index_dir, cache, full_build)
        state = preview.state

        def rebuild_preview():
            outcome = preview.rebuild()
            for problem in outcome.problems:
                click.echo(f"{problem.path}:{problem.line}: {problem.message}", err=True)
            return outcome

        click.echo(f"building {manual_dir} first", err=True)
        click.echo(rebuild_preview().describe(), err=True)
        start_watching(manual_dir, timed(rebuild_preview, lambda msg: click.echo(msg, err=True)))
        click.echo(f"watching {manual_dir} for changes", err=True)
    elif not (site_dir / "index.html").is_file() or current_generation(index_dir) is None:
        click.echo(f"building {manual_dir} first", err=True)
        rebuild()
    public = Manifest.read(current_generation(index_dir)).public_only
    if not public and not is_loopback(host) and not auth.enabled:
        raise BadInput(
            f"the internal edition holds officer-only procedures: serving it on {host} "
            "needs sign-in (--users FILE, --token-file FILE or ECM_TOKEN); use --host 127.0.0.1 "
            "for yourself only"
        )
    click.echo(f"serving {site_dir} and the search API on http://{host}:{port}/", err=True)
    try:
        keep = not public if feedback is None else feedback
        serve_app(site_dir, index_dir, host, port, auth, feedback=keep, manual_dir=manual_dir, watch=state)
    except OSError as exc:
        raise BadInput(f"cannot listen on {host}:{port}: {exc.strerror}") from None


@cli.command()
@manual_option
@click.option("--id", "procedure_id", help="Identifier: lowercase words joined by '-'.")
@click.option("--category", help="Category folder, e.g. passports.")
@click.option("--lang", type=click.Choice(["th", "en"]), help="Language of the body.")
@click.option("--title", help="Title in the document's language.")
@click.option("--title-en", help="English title of a Thai procedure.")
@click.option("--classification", type=click.Choice(CLASSIFICATIONS))
@click.option("--owner", help="Responsible office.")
def new(manual_dir: Path, procedure_id: str | None, category: str | None, lang: str | None,
        title: str | None, title_en: str | None, classification: str | None,
        owner: str | None) -> None:  # fmt: skip
    """Write a new procedure with valid front matter and the standard sections.

    What the flags do not give is asked for; an answer that cannot be used is explained
    and asked again. The file's hints are placeholders that `check` fails on until each
    is replaced."""
    from functools import partial

    from indexer.manual.scaffold import NewProcedure, scaffold, valid_category, valid_id

    if not manual_dir.is_dir():
        raise BadInput(f"manual folder not found: {manual_dir}")
    known = categories(manual_dir)
    procedure_id = answer("id (e.g. passport-lost)", procedure_id, partial(valid_id, manual_dir=manual_dir))
    category = answer(f"category ({', '.join(known)})" if known else "category", category,
                      partial(valid_category, known=known))  # fmt: skip
    lang = lang or click.prompt("language", type=click.Choice(["th", "en"]), default="th")
    title = answer("title", title, non_empty)
    if title_en is None and lang == "th":
        title_en = click.prompt("English title (shown beside the Thai one and searchable; Enter to skip)",
                                default="", show_default=False).strip()  # fmt: skip
    classification = classification or click.prompt(
        "classification", type=click.Choice(CLASSIFICATIONS), default=DEFAULT_CLASSIFICATION
    )
    owner = owner if owner is not None else click.prompt("owner", default="", show_default=False)
    target = manual_dir / category / f"{procedure_id}.md"
    text = scaffold(NewProcedure(procedure_id, category, lang, title, title_en or "", classification, owner))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(str(target))
    click.echo("fill in each [[กรอก: ...]] placeholder; `check` fails until none is left", err=True)


def answer(question: str, given: str | None, valid) -> str:
    """A flag's value, refused with exit 2 when `valid` says no; else asked until it says yes."""
    if given is not None:
        try:
            return valid(given)
        except ValueError as exc:
            raise BadInput(str(exc)) from None

    def checked(value: str) -> str:
        try:
            return valid(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return click.prompt(question, value_proc=checked)


def non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("it cannot be empty")
    return value.strip()


def categories(manual_dir: Path) -> list[str]:
    manual = load(manual_dir)
    return sorted(manual.categories) or sorted(p.name for p in manual_dir.iterdir() if p.is_dir())


@cli.command()
@manual_option
@click.option("--since", required=True, type=DAY, help="YYYY-MM-DD, Common or Buddhist Era.")
@click.option("--public", is_flag=True, help="Only public procedures, and none of their officer-only notes.")
@json_option
def changes(manual_dir: Path, since, public: bool, as_json: bool) -> None:
    """The change notes written since a date, newest first: a change notice."""
    from indexer.manual.change_notes import notes_since
    from indexer.manual.confidentiality import EditionScope

    manual = load(manual_dir)
    found = notes_since(EditionScope(public).procedures(manual.procedures), since)
    if as_json:
        echo_json([entry.to_dict() for entry in found])
        return
    click.echo(f"Change notes since {since.isoformat()}: {len(found)}")
    for entry in found:
        internal = "  [internal]" if entry.note.internal or not entry.procedure.is_public else ""
        line = f"{entry.note.day.isoformat()}  {entry.procedure.id:<34} {entry.note.note}{internal}"
        click.echo(printable(line))


@cli.command()
@click.argument("users_file", type=click.Path(path_type=Path))
@click.argument("name")
@click.password_option("--password", help="Asked for when not given.")
def passwd(users_file: Path, name: str, password: str) -> None:
    """Add or change a user of the internal edition (bcrypt hash in USERS_FILE)."""
    from search.web.auth import set_user

    set_user(users_file, name, password)
    click.echo(f"{name} can now sign in ({users_file})", err=True)


@cli.group()
def report() -> None:
    """Reports for the manual's owners."""


@report.command()
@manual_option
@json_option
def stale(manual_dir: Path, as_json: bool) -> None:
    """Procedures overdue for review or never reviewed, by owner."""
    from indexer.manual.stale import stale_by_owner

    groups = stale_by_owner(load(manual_dir))
    if as_json:
        echo_json({owner: [s.to_dict() for s in items] for owner, items in groups.items()})
        return
    total = sum(len(items) for items in groups.values())
    click.echo(f"{total} procedure(s) need review")
    for owner, items in groups.items():
        click.echo(click.style(printable(owner), bold=True))
        for s in items:
            due = f"due {s.procedure.review_due}, {s.days_overdue} days ago" if s.days_overdue else s.reason
            click.echo(f"  {s.procedure.id:<34} {due}")


def open_analytics(index_dir: Path):
    from search.web.analytics import Analytics, analytics_path

    path = analytics_path(index_dir)
    if not path.is_file():
        raise BadInput(f"no feedback or searches recorded yet: {path} does not exist "
                       "(they are kept while `serve` runs with feedback on)")  # fmt: skip
    return Analytics(path)


@report.command()
@index_option
@click.option("--since", type=DAY, help="Only searches from this day (YYYY-MM-DD, either era).")
@json_option
def searches(index_dir: Path, since, as_json: bool) -> None:
    """What readers searched for under `serve`: most frequent, no results, partial matches."""
    found = open_analytics(index_dir).searches(since)
    if as_json:
        echo_json({part: [q.to_dict() for q in rows] for part, rows in found.items()})
        return
    titles = {"frequent": "Most frequent searches", "no_results": "Searches that found nothing",
              "partial": "Searches that matched only some words"}  # fmt: skip
    for part, rows in found.items():
        click.echo(click.style(f"{titles[part]} ({len(rows)})", bold=True))
        for q in rows:
            click.echo(printable(f"  {q.count:>5}  {q.query}  [{q.total} results, match {q.match or '?'}]"))


@report.command()
@index_option
@manual_option
@json_option
def feedback(index_dir: Path, manual_dir: Path, as_json: bool) -> None:
    """Readers' feedback per procedure, by the procedure's owner."""
    from search.web.analytics import by_owner

    entries = open_analytics(index_dir).feedback()
    procedures = load(manual_dir).procedures
    owners = {p.id: p.owner for p in procedures if p.owner}
    groups = by_owner(entries, owners, {p.id: p.title for p in procedures})
    if as_json:
        echo_json(groups)
        return
    click.echo(f"feedback on {len(entries)} procedure(s)")
    for owner, items in groups.items():
        click.echo(click.style(printable(owner), bold=True))
        for x in items:
            counts = f"helpful {x['helpful']}, not helpful {x['not_helpful']}, problems {x['problems']}"
            click.echo(printable(f"  {x['procedure']:<34} {counts}"))
            for c in x["comments"]:
                click.echo(printable(f"      {c['at'][:10]}  {c['comment']}"))
