"""Render the results of a run as BENCHMARKS.md."""

from __future__ import annotations

from dataclasses import dataclass

# The targets of issue 15, as ratios to references measured in the same run where they can be.
MIN_DOCS_PER_S = 400
MIN_FTS_SEGMENTED_RATIO = 0.9  # our docs/s over FTS5's counting our segmentation
MAX_UPDATE_S = {1_000: 0.3, 10_000: 1.0}  # one changed file as the user waits
MAX_P95_FTS_RATIO = 3.0
MAX_COLD_RATIO = 2.0
MAX_PEAK_MB = 400  # the indexing process and its writer sub-processes, at once
TARGET_SIZE = 10_000  # the size the indexing-throughput target is set at

INDEX_PHASES = {
    "whoosh add + commit": "analysing and writing the documents (`whoosh_backend.apply_changes`)",
    "indexed terms": "the index's terms: last run's union + new segments' (`whoosh_backend.all_terms`)",
    "vocabulary files": "query word list and vocab.txt, when new terms came (`write_vocabulary`)",
    "translations": "the lexicon's pairs this index holds, when new terms came (`write_translations`)",
    "stored hashes": "reading every stored document's hash (`read_hashes`, else `stored_hashes`)",
    "word list": "building the segmenter's word list (`dictionary.build_words`)",
    "new generation": "new generation folder, hard links (`store.new_generation`)",
    "glossary": "analysing the glossary (`merge_groups`)",
    "publish": "fsync and swap `current` (`store.publish`)",
    "other": "the rest (loading the word list into nlpo3, manifest, ...)",
}
QUERY_PHASES = {
    "plan": "query planning: segmenting, synonyms, compound parts, spelling (`QueryPlanner.plan`)",
    "whoosh search": "matching, BM25F scoring and the exact `total` (`whoosh_backend.Searcher.search`)",
    "postings": "… of which reading and scoring posting blocks (`whoosh_postings.PostingScorer.read`)",
    "results + snippets": "building results: best section, snippet, <mark> (`SearchEngine.result`)",
    "other": "the rest (query parsing, coverage re-ranking)",
}


@dataclass
class Run:
    """Everything measured for one corpus size."""

    size: int
    generate_s: float
    corpus: dict
    index: dict
    update: dict
    warm: dict
    warm_after: dict
    cold: dict
    fts: dict


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def n(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def median_edit(run: Run) -> dict:
    """The one-file update with the median update_index time."""
    edits = sorted(run.update["edits"], key=lambda e: e["update_s"])
    return edits[len(edits) // 2]


def median_of(run: Run, key: str) -> float:
    values = sorted(e[key] for e in run.update["edits"])
    return values[len(values) // 2]


def max_update_s(run: Run) -> float:
    return MAX_UPDATE_S.get(run.size, MAX_UPDATE_S[TARGET_SIZE])


def fts_segmented_ratio(run: Run) -> float:
    return run.index["docs_per_s"] / run.fts["docs_per_s_with_segmenting"]


def p95_fts_ratio(run: Run, warm: dict | None = None) -> float:
    return (warm or run.warm)["p95_ms"] / run.fts["queries"]["p95_ms"]


def peak_mb(run: Run) -> float:
    """All processes at once: the sampled sum (never below the parent's own peak); results
    from before the sampler have the parent's and the largest child's ru_maxrss."""
    ix = run.index
    if "sampled_total_mb" in ix:
        return max(ix["sampled_total_mb"], ix["maxrss_indexed_mb"])
    return ix["maxrss_indexed_mb"] + ix["maxrss_children_mb"]


def rate_ok(run: Run) -> bool:
    return run.index["docs_per_s"] >= MIN_DOCS_PER_S and fts_segmented_ratio(run) >= MIN_FTS_SEGMENTED_RATIO


def rate_cell(run: Run) -> str:
    return verdict(rate_ok(run))


def target_rows(run: Run) -> list[str]:
    ix, warm, cold = run.index, run.warm, run.cold
    update, reload_, total = (median_of(run, k) for k in ("update_s", "reload_s", "total_s"))
    disk = median_of(run, "reload_disk_s")
    edits = ", ".join(f"{e['update_s']:.2f}" for e in run.update["edits"])
    reloads = ", ".join(f"{e['reload_s']:.2f}" for e in run.update["edits"])
    disks = ", ".join(f"{e['reload_disk_s']:.2f}" for e in run.update["edits"])
    children = f"{n(ix['maxrss_children_mb'])} MB" if ix["maxrss_children_mb"] else "none started"
    if ix.get("sampled_child_mb"):
        own = n(ix["sampled_child_mb"])
        children = f"{own} MB sampled (its `ru_maxrss`, {children}, counts the parent it came from)"
    after = run.warm_after
    limit = max_update_s(run)
    return [
        "| measure | value | target | status |",
        "|---|---|---|---|",
        f"| full index, `update_index(full=True)` | {n(ix['full_s'], 1)} s = "
        f"**{n(ix['docs_per_s'])} docs/s**, {n(fts_segmented_ratio(run), 2)}x FTS5 counting our "
        f"segmentation | >= {MIN_DOCS_PER_S} docs/s and >= {MIN_FTS_SEGMENTED_RATIO:g}x | {rate_cell(run)} |",
        f"| … its CPU time, the writer's sub-processes included; other processes' CPU meanwhile "
        f"| {n(ix['full_cpu_s'], 1)} s; {n(ix['full_others_cpu_s'], 1)} s | | |",
        f"| manual load before it, `load_manual` (no cache) | {n(ix['load_s'], 2)} s | | |",
        f"| peak RSS of the indexing process, `ru_maxrss` | {n(ix['maxrss_indexed_mb'])} MB "
        f"(at start {n(ix['maxrss_start_mb'])} MB, "
        f"after loading the manual {n(ix['maxrss_loaded_mb'])} MB) | | |",
        f"| peak memory (PSS) of the largest writer sub-process | {children} | | |",
        f"| peak memory of a full index, all processes at once | **{n(peak_mb(run))} MB** "
        f"| <= {MAX_PEAK_MB} MB "
        f"| {verdict(peak_mb(run) <= MAX_PEAK_MB)} |",
        f"| index on disk | {n(ix['index_mb'], 1)} MB in {ix['segments']} segment(s) | | |",
        f"| one-file update, `update_index` (median of {len(run.update['edits'])}: {edits} s; "
        f"before them, as `serve` does at start, one update of the index already up to date: "
        f"{n(run.update.get('opening_s', 0.0), 2)} s) | {n(update, 2)} s | | |",
        f"| manual reload before it, `load_manual` with the in-memory parse cache `serve --watch` "
        f"holds ({reloads} s) | {n(reload_, 2)} s | | |",
        f"| one changed file as the user waits (`serve --watch`): reload + update | **{n(total, 2)} s** "
        f"| <= {limit:g} s | {verdict(total <= limit)} |",
        f"| the reload in a new process (`cli.py index`), parse cache read from the index folder "
        f"({disks} s) | {n(disk, 2)} s | | |",
        f"| warm query on the full build ({warm['segments']} segments), `search(limit=10)` with "
        f"snippets, {warm['n']} queries | p50 {n(warm['p50_ms'], 1)} ms, **p95 {n(warm['p95_ms'], 1)} ms** "
        f"= {n(p95_fts_ratio(run), 1)}x FTS5, max {n(warm['max_ms'], 1)} ms | p95 <= {MAX_P95_FTS_RATIO:g}x "
        f"FTS5 | {verdict(p95_fts_ratio(run) <= MAX_P95_FTS_RATIO)} |",
        f"| the same after the one-file updates ({after['segments']} segments) "
        f"| p50 {n(after['p50_ms'], 1)} ms, p95 {n(after['p95_ms'], 1)} ms = "
        f"{n(p95_fts_ratio(run, after), 1)}x FTS5, max {n(after['max_ms'], 1)} ms "
        f"| p95 <= {MAX_P95_FTS_RATIO:g}x FTS5 | {verdict(p95_fts_ratio(run, after) <= MAX_P95_FTS_RATIO)} |",
        f"| cold `cli.py search {cold['query']} --json` (median of {cold['runs']}) "
        f"| {n(cold['cli_s'] * 1000)} ms | | |",
        f'| bare `python -c "import whoosh.index"` (median of {cold["runs"]}) '
        f"| {n(cold['bare_s'] * 1000)} ms | | |",
        f"| cold search / bare import | **{n(cold['ratio'], 2)}x** | <= {MAX_COLD_RATIO:g}x "
        f"| {verdict(cold['ratio'] <= MAX_COLD_RATIO)} |",
    ]


def phase_rows(run: Run) -> list[str]:
    full, edit = run.index["phases"], median_edit(run)["phases"]
    full_total, edit_total = sum(full.values()), sum(edit.values())
    rows = [
        "| step of `update_index` | full build s | share | one-file update s | share |",
        "|---|---|---|---|---|",
    ]
    for key, label in INDEX_PHASES.items():
        a, b = full.get(key, 0.0), edit.get(key, 0.0)
        rows.append(
            f"| {label} | {n(a, 2)} | {100 * a / full_total:.0f}% | {n(b, 2)} | {100 * b / edit_total:.0f}% |"
        )
    return rows


def query_phase_rows(run: Run) -> list[str]:
    phases, count = run.warm["phases"], run.warm["n"]
    total = sum(v for k, v in phases.items() if k != "postings")  # a part of "whoosh search"
    rows = ["| part of `search` | ms per query | share |", "|---|---|---|"]
    for key, label in QUERY_PHASES.items():
        value = phases.get(key, 0.0)
        rows.append(f"| {label} | {n(1000 * value / count, 1)} | {100 * value / total:.0f}% |")
    return rows


def fts_rows(run: Run) -> list[str]:
    ix, warm, fts = run.index, run.warm, run.fts
    q = fts["queries"]
    return [
        "| measure | ours | FTS5 | FTS5 faster by |",
        "|---|---|---|---|",
        f"| indexing, docs/s (FTS5: insert + commit of pre-segmented text) | {n(ix['docs_per_s'])} "
        f"| {n(fts['docs_per_s'])} | {n(fts['docs_per_s'] / ix['docs_per_s'], 1)}x |",
        f"| indexing, docs/s, FTS5 counting our segmentation ({n(fts['segment_s'], 1)} s) "
        f"| {n(ix['docs_per_s'])} | {n(fts['docs_per_s_with_segmenting'])} "
        f"| {n(fts['docs_per_s_with_segmenting'] / ix['docs_per_s'], 1)}x |",
        f"| warm query p50 | {n(warm['p50_ms'], 2)} ms | {n(q['p50_ms'], 2)} ms "
        f"| {n(warm['p50_ms'] / q['p50_ms'], 1)}x |",
        f"| warm query p95 | {n(warm['p95_ms'], 2)} ms | {n(q['p95_ms'], 2)} ms "
        f"| {n(warm['p95_ms'] / q['p95_ms'], 1)}x |",
        f"| size on disk | {n(ix['index_mb'], 1)} MB | {n(fts['db_mb'], 1)} MB | |",
    ]


def run_section(run: Run) -> list[str]:
    ix, warm, c = run.index, run.warm, run.corpus
    return [
        f"## {run.size:,} procedures",
        "",
        f"Corpus: {ix['docs']:,} procedures ({c['th']:,} th / {c['en']:,} en), Markdown body "
        f"{n(c['body_bytes_mean'])} bytes on average ({n(c['body_bytes_min'])}–{n(c['body_bytes_max'])}), "
        f"{n(ix['manual_mb'], 1)} MB of files; generated in {n(run.generate_s, 1)} s. "
        f"Indexed vocabulary: {n(c['thai_terms'])} Thai and {n(c['latin_terms'])} Latin terms. "
        f"Load average (1 min) when this size started: {c['load_average']:.2f}, when it ended: "
        f"{c['load_average_end']:.2f}.",
        "",
        *target_rows(run),
        "",
        "Where `update_index` spends its time (wall time of each step; the one-file update shown is "
        "the median one):",
        "",
        *phase_rows(run),
        "",
        f"Warm queries on the full build: engine opened in {n(warm['open_s'] * 1000)} ms; the "
        f"measured queries took {n(warm['wall_s'], 1)} s of wall time and {n(warm['cpu_s'], 1)} s of CPU, "
        f"while other processes used {n(warm['others_cpu_s'], 1)} s; "
        f"{warm['empty']} of {warm['n']} found nothing. By kind:",
        "",
        "| kind | queries | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|",
        *(
            f"| {kind} | {s['n']} | {n(s['p50_ms'], 1)} | {n(s['p95_ms'], 1)} | {n(s['max_ms'], 1)} |"
            for kind, s in warm["by_kind"].items()
        ),
        "",
        "Slowest: " + "; ".join(f"`{text}` ({kind}) {n(ms)} ms" for ms, kind, text in warm["slowest"]) + ".",
        "",
        "Where a warm query spends its time (mean over the measured queries):",
        "",
        *query_phase_rows(run),
        "",
        "SQLite FTS5 reference on the same documents and queries, segmented by our analyzer "
        "(ratios above 1 mean FTS5 is faster):",
        "",
        *fts_rows(run),
        "",
        f"FTS5 found nothing for {run.fts['empty_queries']} of {run.fts['queries']['n']} queries: it "
        "has no sub-word postings, synonyms or spelling correction, so it also does less per query.",
        "",
        *in_the_way(run),
    ]


def profile_rows(profile: dict) -> list[str]:
    """A profile (bench.profile.summary) as two tables: the places, then the functions."""
    rows = ["| where the time is spent (own time) | share |", "|---|---|"]
    rows += [f"| {where} | {100 * share:.0f}% |" for where, share in profile["places"]]
    rows += ["", "| function (own time, its callees apart) | share |", "|---|---|"]
    rows += [f"| {name} | {100 * share:.0f}% |" for name, share in profile["functions"]]
    return rows


def in_the_way(run: Run) -> list[str]:
    """For each target this size does not meet, the profile of the step it measures."""
    lines: list[str] = []
    build, tail = run.index.get("profile"), run.warm.get("tail_profile")
    if build and not rate_ok(run):
        lines += [
            f"What stands in the way of the full-index target: a cProfile of `apply_changes` on "
            f"{build['docs']} of the procedures in one process (the work a sub-writer does per "
            f"document; {n(build['total_s'], 1)} s under the profiler):",
            "",
            *profile_rows(build),
            "",
        ]
    if tail and p95_fts_ratio(run) > MAX_P95_FTS_RATIO:
        lines += [
            f"What stands in the way of the warm p95 target: a cProfile of the {tail['queries']} "
            f"slowest measured queries, those at and above the p95, in a new engine after the "
            f"same warm-up ({n(tail['total_s'], 2)} s under the profiler):",
            "",
            *profile_rows(tail),
            "",
        ]
    return lines


def summary_table(runs: list[Run]) -> list[str]:
    def row(label: str, cell) -> str:
        return f"| {label} | " + " | ".join(cell(r) for r in runs) + " |"

    def rate(r: Run) -> str:
        return f"{n(r.index['docs_per_s'])} docs/s, {n(fts_segmented_ratio(r), 2)}x {rate_cell(r)}"

    def waited(r: Run) -> str:
        total = median_of(r, "total_s")
        return f"{n(total, 2)} s (target {max_update_s(r):g} s) {verdict(total <= max_update_s(r))}"

    return [
        "| target | " + " | ".join(f"{r.size:,} procedures" for r in runs) + " |",
        "|---" * (len(runs) + 1) + "|",
        row(
            "one changed file as the user waits (`serve --watch`: reload + update) <= 1 s (0.3 s at 1,000)",
            waited,
        ),
        row(
            f"warm p95 with snippets <= {MAX_P95_FTS_RATIO:g}x FTS5 (full build)",
            lambda r: f"{n(p95_fts_ratio(r), 1)}x {verdict(p95_fts_ratio(r) <= MAX_P95_FTS_RATIO)}",
        ),
        row(
            f"cold CLI search <= {MAX_COLD_RATIO:g}x bare `import whoosh.index`",
            lambda r: f"{n(r.cold['ratio'], 2)}x {verdict(r.cold['ratio'] <= MAX_COLD_RATIO)}",
        ),
        row(
            f"full index >= {MIN_DOCS_PER_S} docs/s and >= {MIN_FTS_SEGMENTED_RATIO:g}x FTS5 counting "
            "our segmentation",
            rate,
        ),
        row(
            f"peak memory of a full index <= {MAX_PEAK_MB} MB",
            lambda r: f"{n(peak_mb(r))} MB {verdict(peak_mb(r) <= MAX_PEAK_MB)}",
        ),
    ]


def later_sections(report: str) -> str:
    """The sections after "Method": other benchmarks write them (each names its command),
    so a rerun of this one keeps them as they are."""
    lines = report.split("\n")
    try:
        method = lines.index("## Method")
    except ValueError:
        return ""
    later = next((i for i in range(method + 1, len(lines)) if lines[i].startswith("## ")), None)
    return "\n".join(lines[later:]) if later is not None else ""


def render(runs: list[Run], meta: dict, later: str = "") -> str:
    lines = [
        "# Benchmarks",
        "",
        'The sections up to "Method" are generated by `bench/run.py`, the ones after it by the '
        "command each names; do not edit by hand, rerun the command. Every number is from one run "
        "of that command, on the machine shown.",
        "",
        f"- Command: `{meta['command']}` (from the repository root; {meta['elapsed_min']:.1f} min in all)",
        f"- Date: {meta['date']}",
        f"- Machine: {meta['nproc']} CPUs (`nproc`), {meta['cpu']}, {meta['memory']}; {meta['platform']}",
        f"- Python {meta['python']}, SQLite {meta['sqlite']}, whoosh-reloaded {meta['whoosh']}",
        f"- Code: commit {meta['commit']}{meta['dirty']}",
        f"- Corpus: `bench/generate.py` with seed {meta['seed']} (see its docstring); "
        f"query mix: `bench/queries.py` ({meta['queries']})",
        "",
        "## Targets",
        "",
        *summary_table(runs),
        "",
    ]
    for run in runs:
        lines += run_section(run)
    lines += ["## Method", "", *meta["method"], ""]
    return "\n".join(lines) + ("\n" + later if later else "")
