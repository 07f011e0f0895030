"""The editor's live preview (`serve --watch`): rebuild on save, keep the last good page,
show what is wrong on the page itself, and reload the browser by itself.

- A save is picked up by watchdog (`Rebuilder`: once per burst of events, never two
  rebuilds at a time) and handed to `Preview.rebuild`.
- A file that no longer loads (a YAML slip) keeps its last good version in the site
  and the index: its page does not vanish. What is wrong is kept in `WatchState`; the
  server (search.web.api) writes it as a Thai and English banner, naming file and
  line, at the top of every page it serves while the problem lasts.
- A save that changed only the body of procedures re-renders just their pages (with
  the mkdocs objects the last full build kept, indexer.site.plugin.Built), tells the
  browser, then (once the browser has the new page) updates the index incrementally;
  one that changed their change notes too also re-renders "what's new" and rewrites
  the feed. Anything else (other front matter, a new or deleted file, categories.yml,
  glossary.yml, a new image link) rebuilds the site.
- Each finished rebuild raises `WatchState.generation`. The server adds a small script
  (watch_page.WATCH_SCRIPT, served from this package, never written into a site) that
  asks /api/watch for the generation twice a second and reloads the page when it moved. It is
  a file of the site's own origin, so the site's Content-Security-Policy allows it.

The static search's export in the site folder is made by full rebuilds only: under
`serve` the search box answers from the server, which reads the updated index.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from indexer.manual.model import Manual, Procedure
from indexer.site.watch_page import Shown, WatchState

DEBOUNCE_SECONDS = 0.15  # editors write a file in several steps; build once they are done
# After a page-only render, the index waits until the browser has fetched the new page
# (the machine is the editor's; both at once made the reload a second slower at 1,000
# procedures), or this long when no browser is open.
INDEX_WAIT_SECONDS = 2.0
WATCHED = (".md", ".yml", ".yaml")
# What a save does to a file. Reading one is an event too (inotify's open and
# close-without-write): reacting to those, each rebuild's own reading would start another.
WRITES = frozenset({"created", "modified", "deleted", "moved", "closed"})
# What a save may change and still show on the procedure's own page only: its body, and
# where its lines are (a longer front matter moves the body down).
BODY_FIELDS = frozenset(
    {"body", "sections", "content_hash", "internal_passages", "source", "body_line", "key_lines"}
)
NOTES = "changes"  # change notes show on the own page, "what's new" and the feed


class Rebuilder(FileSystemEventHandler):
    """Calls `rebuild` once per burst of changes, never two builds at a time."""

    def __init__(self, rebuild: Callable[[], None], debounce: float = DEBOUNCE_SECONDS):
        self.rebuild = rebuild
        self.debounce = debounce
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = str(getattr(event, "dest_path", "") or event.src_path)
        if event.event_type not in WRITES or event.is_directory or not path.endswith(WATCHED) or "/." in path:
            return
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(self.debounce, self.run)
        self.timer.daemon = True
        self.timer.start()

    def run(self) -> None:
        with self.lock:
            self.rebuild()


def watch(manual_dir: Path, rebuild: Callable[[], None]) -> Observer:
    """Start watching `manual_dir` in a background thread; stop() the result to end."""
    observer = Observer()
    observer.schedule(Rebuilder(rebuild), str(manual_dir), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


@dataclass
class Outcome:
    """What one rebuild did, for the terminal and the benchmark."""

    kind: str  # "full", "pages" (only these pages rendered again), "none" (nothing to render)
    pages: list[str]
    seconds: float  # from the start of the rebuild until the browser was told
    problems: list[Shown]
    index_seconds: float = 0.0  # the index's update after a page-only render

    def describe(self) -> str:
        what = {"full": "rebuilt the site", "none": "nothing to render"}.get(
            self.kind, f"re-rendered {len(self.pages)} page(s)"
        )
        broken = f"; {len(self.problems)} file problem(s) shown on the pages" if self.problems else ""
        index = f", then the index in {self.index_seconds:.2f} s" if self.kind == "pages" else ""
        return f"{what} in {self.seconds:.2f} s{index}{broken}"


class Preview:
    """One `serve --watch` session: the site and index of the internal edition, kept up
    to date with the manual folder. `full_build(manual)` publishes a whole site and
    returns the build's plugin (cli.py's build into a staging folder and swap)."""

    def __init__(self, manual_dir: Path, site_dir: Path, index_dir: Path, cache,
                 full_build: Callable[[Manual], object], state: WatchState | None = None,
                 index_wait: float = INDEX_WAIT_SECONDS):  # fmt: skip
        self.manual_dir = Path(manual_dir)
        self.site_dir = Path(site_dir)
        self.index_dir = Path(index_dir)
        self.cache = cache
        self.full_build = full_build
        self.state = state or WatchState()
        self.index_wait = index_wait
        self.manual: Manual | None = None  # what the site shows now
        self.plugin = None  # indexer.site.plugin.ManualPlugin of the last full build

    def rebuild(self) -> Outcome:
        """Bring the site and index up to date with the manual folder, then tell the
        browser. After a page-only render the browser is told first and the index is
        updated after it (the page is what the editor waits for; search catches up)."""
        from indexer.index.writer import update_index
        from indexer.manual.loader import load_manual

        started = time.perf_counter()
        index_s = 0.0
        try:
            loaded = load_manual(self.manual_dir, cache=self.cache)
            manual = self.keep_last_good(loaded)
            plan = None if self.manual is None or self.plugin is None else page_plan(self.manual, manual)
            if plan is None:
                self.plugin = self.full_build(manual)
                kind, pages = "full", ["*"]
            elif plan.procedures:
                pages, kind = self.render(plan), "pages"
            else:
                kind, pages = "none", []
            self.manual = manual
            shown = self.shown(loaded, manual)
            if kind != "none" or shown != self.state.snapshot()[1]:
                self.state.publish(shown)  # the browser reloads: the page or its banner changed
            visible = time.perf_counter() - started
            if kind == "pages":
                self.state.served.wait(self.index_wait)
                update_index(manual, self.index_dir, public_only=False)
                index_s = time.perf_counter() - started - visible
        except Exception as exc:  # the old site stays; the pages say the rebuild failed
            self.plugin = None  # what it kept may be half updated: the next save builds all
            self.state.publish([Shown(str(self.manual_dir), 1, f"the rebuild failed: {exc}")])
            raise
        return Outcome(kind, pages, visible, shown, index_s)

    def keep_last_good(self, loaded: Manual) -> Manual:
        """The manual with the last good version of each file that now fails to load (it is
        still there, with an error of its own): its page and search entry stay."""
        if self.manual is None:
            return loaded
        broken = {p.path for p in loaded.errors}
        have = {p.path for p in loaded.procedures}
        kept = [p for p in self.manual.procedures if p.path in broken and p.path not in have]
        if not kept:
            return loaded
        return dataclasses.replace(loaded, procedures=[*loaded.procedures, *kept])

    def render(self, plan: Plan) -> list[str]:
        """Only the pages the plan names, rendered again."""
        pages = [render_page(self.plugin, proc, self.site_dir) for proc in plan.procedures]
        if plan.notes:
            pages += render_notes(self.plugin, self.site_dir)
        return pages

    def shown(self, loaded: Manual, manual: Manual) -> list[Shown]:
        from indexer.manual.loader import shown

        urls = {p.path: p.url for p in manual.procedures}
        return [
            Shown(shown(p, self.manual_dir).path, p.line, f"{p.code}: {p.message}", urls.get(p.path, ""))
            for p in loaded.errors
        ]


@dataclass(frozen=True)
class Plan:
    """The pages a save changed: these procedures' own pages, and with `notes` the
    listings of change notes ("what's new" and the feed)."""

    procedures: list[Procedure]
    notes: bool = False


def page_plan(old: Manual, new: Manual) -> Plan | None:
    """Which pages `new` changes, or None when any page may have (a full rebuild): a
    procedure whose body or change notes alone changed is re-rendered alone."""
    if (old.categories, old.glossary) != (new.categories, new.glossary):
        return None
    before = {p.path: p for p in old.procedures}
    if set(before) != {p.path for p in new.procedures}:
        return None
    changed, notes = [], False
    for proc in new.procedures:
        was = before[proc.path]
        if was.content_hash == proc.content_hash and was.body == proc.body:
            continue
        a, b = outline(was), outline(proc)
        if a.pop(NOTES) != b.pop(NOTES):
            notes = True
        if a != b or attachments_of(was, old) != attachments_of(proc, new):
            return None
        changed.append(proc)
    return Plan(changed, notes)


def outline(proc: Procedure) -> dict:
    """Everything of a procedure other pages may show: all but its body."""
    return {f.name: getattr(proc, f.name) for f in dataclasses.fields(proc) if f.name not in BODY_FIELDS}


def attachments_of(proc: Procedure, manual: Manual) -> set[str]:
    from indexer.site.links import attachments

    return set(attachments(proc.body, proc.category, manual.root))


def render_page(plugin, proc: Procedure, site_dir: Path) -> str:
    """Render one procedure's page again into the published site folder; returns its URL."""
    return render_source(plugin, plugin.pages.replace(proc), site_dir)


def render_notes(plugin, site_dir: Path) -> list[str]:
    """ "What's new" rendered again, and the feed written again, from the edition as it is."""
    from indexer.site.edition import Source
    from indexer.site.feed import atom_feed

    feed = Path(site_dir) / Source.FEED
    feed.write_bytes(atom_feed(plugin.pages.edition, plugin.built.config.site_url))
    return [render_source(plugin, Source.WHATS_NEW, site_dir), Source.FEED]


def render_source(plugin, src: str, site_dir: Path) -> str:
    """Render the generated page `src` (a docs path) again into the published site.

    The page, its navigation and its template are those of the last full build; only
    what the plugin's pages hold now is new. mkdocs' own page steps run (read, Markdown,
    our plugin's page events, the theme's template), so the page is what a full build
    would write."""
    from mkdocs.commands.build import _build_page, _populate_page

    built = plugin.built
    file = built.files.get_file_from_path(src)
    file.abs_dest_path = str(Path(site_dir) / file.dest_uri)  # the build wrote into a staging folder
    _populate_page(file.page, built.config, built.files)
    _build_page(file.page, built.config, built.files.documentation_pages(), built.nav, built.env)
    return file.url


def timed(action: Callable[[], object], report: Callable[[str], None]) -> Callable[[], None]:
    """Run a rebuild and say how it went; a failure is reported and the preview goes on."""

    def run() -> None:
        start = time.perf_counter()
        try:
            outcome = action()
        except Exception as exc:  # a broken save must not stop the preview server
            report(f"rebuild failed: {exc}")
            return
        if isinstance(outcome, Outcome):
            report(outcome.describe())
        else:
            report(f"rebuilt in {time.perf_counter() - start:.1f} s")

    return run
