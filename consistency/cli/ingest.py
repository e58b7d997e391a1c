"""`consist add` and `consist check`: remember articles, and check a new one against them."""

from __future__ import annotations

import re
import time
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column

from consistency.articles import iter_paths
from consistency.cli.app import (
    BARE_VALUES,
    IndexDirOption,
    app,
    err,
    index_dir,
    note,
    printable,
    stdin_bytes,
    user_errors,
)
from consistency.cli.output import Format, FormatOption, OutputOption, emit
from consistency.language import unread_note

if TYPE_CHECKING:  # the pipeline, the store and the renderers load the models: only inside the commands
    from consistency.models import CheckResult

EXIT_CONTRADICTIONS = 3  # `check --fail-on contradictions` found one at or above --min-score
_FEED_LINE = re.compile(r":\d+$")  # feed articles are named "feed.jsonl:12"


class FailOn(str, Enum):
    contradictions = "contradictions"


BAR_WIDTH = 12  # short, so that an 80-column terminal still has room for the file name
STATS = "files · {claims} claims · {rate} articles/s"


def _progress(quiet: bool, stdout_is_terminal: bool) -> Progress | None:
    """A progress bar on stderr, only for a person watching a terminal: "adding ━━━╸ 3/40 files ·
    86 claims · 1.1 articles/s 0:00:07 harbor.txt" (the file it works on, cut to fit; "parsing 16 files"
    while a batch is parsed)."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        return None

    def fixed() -> Column:  # every column keeps its width; only the file name is cut (see _fit)
        return Column(no_wrap=True)

    return Progress(
        TextColumn("adding", table_column=fixed()),
        BarColumn(bar_width=BAR_WIDTH, table_column=fixed()),
        MofNCompleteColumn(table_column=fixed()),
        TextColumn(STATS.format(claims="{task.fields[claims]}", rate="{task.fields[rate]}"), table_column=fixed()),
        TimeElapsedColumn(table_column=fixed()),
        TextColumn("{task.fields[now]}", markup=False, table_column=fixed()),  # a file name is data, not markup
        console=console,
        redirect_stdout=stdout_is_terminal,  # a redirected stdout is a log: nothing of the bar's there
    )


def _fit(text: str, room: int) -> str:
    """`text` in `room` characters, cut in the middle of a long name's folders, not its end."""
    text = printable(text)
    if len(text) <= room:
        return text
    return "" if room < 8 else "…" + text[-(room - 1) :]


def _name(path: str) -> str:
    """A file as the bar names it: without its folders (a feed's line number kept)."""
    return Path(path).name or path


RAY_LOCAL = "local"  # `--ray` alone (ray_ingest.LOCAL, not imported here: it loads the pipeline)
# what `--ray` takes: local, auto, a Ray client's ray://HOST:PORT, or a cluster's HOST:PORT
RAY_ADDRESS = re.compile(r"local|auto|ray://\S+|[\w.\-\[\]]+:\d+")
BARE_VALUES["--ray"] = (RAY_LOCAL, RAY_ADDRESS.fullmatch)


def _workers(ray: str | None, workers: int | None, quiet: bool) -> Any:
    """Ray's model workers for `--ray`, as a context manager (a null one without it)."""
    if ray is None:
        if workers is not None:
            raise typer.BadParameter("needs --ray", param_hint="--workers")
        return nullcontext()
    if not RAY_ADDRESS.fullmatch(ray):  # (`--ray=feeds/`)
        raise typer.BadParameter(f"{ray!r} is no Ray address (auto, ray://HOST:PORT or HOST:PORT)", param_hint="--ray")
    from consistency.ray_ingest import Workers, require_ray

    require_ray()
    if not quiet:
        where = "a local Ray" if ray == RAY_LOCAL else f"Ray at {ray}"
        count = f"{workers} model worker{'' if workers == 1 else 's'}" if workers else "a model worker per CPU"
        note(f"starting {count} on {where}; each loads the models")
    return Workers(ray, workers)


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .html, .jsonl).")],
    index_dir_: IndexDirOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and totals; no progress bar.")] = False,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="[ADDRESS]",
            help="Parse, embed and judge on Ray workers (pip install 'consist\\[ray]'); this process records. "
            "Alone it starts Ray here; ADDRESS: auto (a `ray start` cluster here) or ray://HEAD:10001.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="With --ray: model workers \\[default: one per CPU of the cluster]."),
    ] = None,
) -> None:
    """Remember what outlets said: read, extract, match and record each article.

    Shows a progress bar on stderr when it is a terminal, moving per file.
    Ctrl-C stops at once and says what was committed; the same command again adds the rest.
    With --ray the store comes out the same as without it.

    Example: consist add examples/corpus/ (or: consist add feeds/ --ray ray://head:10001)
    """
    from consistency.pipeline import AddProgress, add_paths
    from consistency.report.findings import counted
    from consistency.store import Store

    out = Console(highlight=False, soft_wrap=True)
    failures = added = skipped = claims = agreements = contradictions = 0
    progress = _progress(quiet, out.is_terminal)
    # With the bar on screen, a line for the same screen goes through the bar's console, which
    # prints it above the bar: printed past it, the bar's redraws ran into the lines (tmux).
    # Errors and notes (sys.stderr) are routed there by the bar itself.
    screen = progress.console if progress is not None and out.is_terminal else out
    task = None
    targets: set[str] = set()  # the files the bar counts (a folder's note or a missing path is none)
    if progress is not None:
        targets = {str(p) for p in iter_paths(paths) if isinstance(p, Path)}
        task = progress.add_task("add", total=len(targets) or None, claims=0, rate="0.0", now="")
    files: set[str] = set()  # files done: staged, already stored or failed
    articles = staged_claims = 0  # the bar's counts: told as articles are staged, before their batch commits
    started = time.monotonic()

    def moved(path: str | None = None, now: str | None = None, new_claims: int = 0) -> None:
        """The bar after a file is done (`path`, with `new_claims`) or begun (`now`, what it shows)."""
        nonlocal articles, staged_claims
        staged_claims += new_claims
        if progress is None or task is None:
            return
        if path is not None:
            articles += 1
            if (file := _FEED_LINE.sub("", path)) in targets:
                files.add(file)
        rate = f"{articles / max(time.monotonic() - started, 1e-6):.1f}"
        shown: dict[str, Any] = {}  # the bar's own fields (typed Any by rich, as **fields)
        if now is not None:  # after "adding", the bar, "3/40", the stats and "0:00:07", a space after each
            stats = STATS.format(claims=staged_claims, rate=rate)
            widths = (len("adding"), BAR_WIDTH, 2 * len(str(len(targets))) + 1, len(stats), len("0:00:07"))
            room = progress.console.width - sum(widths) - len(widths) - 3  # 3: for the counts to grow
            shown["now"] = _fit(now, room)
        progress.update(task, completed=len(files), claims=staged_claims, rate=rate, **shown)

    def on_progress(p: AddProgress) -> None:
        if p.stage == "parsing":  # a batch at once: no one file is the current one
            moved(now=f"parsing {len(p.paths)} file{'' if len(p.paths) == 1 else 's'}")
        elif p.stage == "matching":
            moved(now=_name(p.paths[0]))
        elif p.stage == "staged":
            moved(p.paths[0], new_claims=p.claims)

    interrupted = False
    kept = {"articles": 0, "claims": 0}
    # share: readers (check --dry-run, report, ...) open the store between its batches
    with (
        user_errors(),
        _workers(ray, workers, quiet) as pool,
        Store.open(index_dir(index_dir_), share=True) as store,
        progress or nullcontext(),
    ):
        before = store.counts()
        if pool is None:
            events = add_paths(paths, store, on_progress=on_progress)
        else:
            from consistency.ray_ingest import add_paths_ray

            events = add_paths_ray(paths, store, pool, on_progress=on_progress)
        try:
            for event in events:
                if event.error is not None:
                    failures += 1
                    moved(event.path)
                    err(event.error)
                    continue
                assert event.result is not None
                result = event.result
                if result.already_stored:
                    skipped += 1
                    moved(event.path)
                    if not quiet:
                        screen.print(f"= {event.path}: already stored", markup=False, highlight=False, soft_wrap=True)
                    continue
                added += 1
                if (unread := unread_note(event.path, result.article.language, stored=True)) is not None:
                    note(unread)
                s = result.summary
                claims += s["claims"]
                agreements += s["agreements"]
                contradictions += s["contradictions"]
                if not quiet:
                    screen.print(
                        f"+ {event.path}: {result.article.outlet}, {counted(s['claims'], 'claim')}, "
                        f"{counted(s['agreements'], 'agreement')}, {counted(s['contradictions'], 'contradiction')}",
                        markup=False,
                        highlight=False,
                        soft_wrap=True,
                    )
        except KeyboardInterrupt:
            # the articles finished before Ctrl-C are committed (add_paths writes them first), more
            # than were told when it came while their lines were printed: count them in the store
            interrupted = True
            after = store.counts()
            kept = {k: after[k] - before[k] for k in kept}
    if interrupted:
        out.print(
            f"{kept['articles']} added, {skipped} already stored, {failures} failed; {counted(kept['claims'], 'claim')}"
            " (interrupted: counted in the store)",
            markup=False,
        )
        err(
            f"interrupted; committed before it and kept: {kept['articles']} article"
            f"{'' if kept['articles'] == 1 else 's'}, {kept['claims']} claim{'' if kept['claims'] == 1 else 's'}"
            " (the same command again adds the rest)"
        )
        raise typer.Exit(130)
    out.print(
        f"{added} added, {skipped} already stored, {failures} failed; "
        f"{counted(claims, 'claim')}, {counted(agreements, 'agreement')}, {counted(contradictions, 'contradiction')}",
        markup=False,
    )
    if failures:
        raise typer.Exit(2)


def contradiction_found(result: CheckResult, min_score: float) -> bool:
    """A contradiction at or above `min_score` that no reviewer rejected (see verdicts.py)."""
    found = (m for r in result.claims for m in r.matches)
    return any(m.relation == "contradicts" and m.score >= min_score and not m.rejected for m in found)


def _check_each(
    given: Any, store: Any, dry_run: bool, show_rejected: bool, source: str, piped: bool, results: list[CheckResult]
) -> int:
    """Check an article, or each article of a feed, appending to `results` as it goes (so that a
    Ctrl-C still reports what was checked); returns the lines that could not be read."""
    from consistency.articles import STDIN_NAME, ReadFailure
    from consistency.models import Article
    from consistency.pipeline import check_article

    failures = 0
    for item in [given] if isinstance(given, Article) else given:
        if isinstance(item, ReadFailure):
            failures += 1
            err(item.message)
            continue
        if not dry_run and piped and (item.outlet or "").lower() == STDIN_NAME:
            # recorded under the outlet "stdin", it would never be matched against the next piped article
            failures += 1
            err(f"{item.source_path or source}: no outlet named (an `Outlet:` header or a feed's `outlet`), "
                "so it is not recorded; check it with --dry-run")  # fmt: skip
            continue
        results.append(check_article(item, store, dry_run=dry_run, show_rejected=show_rejected))
        where = item.source_path or source
        if (unread := unread_note(where, item.language, stored=not dry_run)) is not None:
            note(unread)
    return failures


@app.command()
def check(
    file: Annotated[
        Path,
        typer.Argument(
            help="The new article: a file (.txt, .md, .html), a .jsonl feed (each line is checked), "
            "or - for standard input (JSON lines are read as a feed, anything else as one article).",
            show_default=False,
        ),
    ],
    index_dir_: IndexDirOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Record nothing.")] = False,
    format: FormatOption = Format.table,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on", case_sensitive=False, help="Exit 3 when the article has contradictions (for pipelines)."
        ),
    ] = None,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0.0, max=1.0, help="Lowest contradiction score --fail-on counts.")
    ] = 0.0,
    show_rejected: Annotated[
        bool,
        typer.Option("--show-rejected", help="Also show findings a reviewer judged wrong (they never count)."),
    ] = False,
) -> None:
    """Check a new article: which claims others made, which they dispute, who was first.

    A feed is checked article by article: each is reported, and recorded before the next unless --dry-run.
    Exit code 0, or 3 with --fail-on contradictions when one scored at least --min-score.
    Exit code 2 when the article, or a line of a feed, could not be read (3 outranks it), 130 on Ctrl-C
    after reporting the articles checked before it.

    Example: consist check examples/new_article.txt --format html --output report.html
    """
    from consistency.articles import STDIN, STDIN_NAME, read_input
    from consistency.models import Article
    from consistency.report import (
        render_html,
        render_html_many,
        render_json,
        render_json_many,
        render_markdown,
        render_markdown_many,
        render_terminal,
        render_terminal_many,
    )
    from consistency.store import Store

    source = STDIN_NAME if str(file) == STDIN else str(file)
    results: list[CheckResult] = []
    failures = 0
    interrupted = False
    with user_errors():
        # an unreadable file (or a URL) is told before the store is opened; a feed is read line by line
        given = read_input(file, stdin_bytes(file))
        # only `add` creates a store: a mistyped --index-dir is an error, not a new empty store;
        # a recording check holds the file for writing only to commit (readers run beside it while
        # it loads the models and judges), and a feed commits article by article
        with Store.open(index_dir(index_dir_), read_only=dry_run, create=False, share=True) as store:
            try:
                failures = _check_each(given, store, dry_run, show_rejected, source, str(file) == STDIN, results)
            except KeyboardInterrupt:
                interrupted = True  # what was checked (and recorded) before Ctrl-C is still reported below
    if isinstance(given, Article) and results:
        result = results[0]
        texts = {Format.json: render_json, Format.markdown: render_markdown, Format.html: render_html}
        emit(format, output, lambda: texts[format](result), lambda console: render_terminal(result, console))
    elif results:
        many = {
            Format.json: lambda: render_json_many(results),
            Format.markdown: lambda: render_markdown_many(results, source),
            Format.html: lambda: render_html_many(results, source),
        }
        emit(format, output, lambda: many[format](), lambda console: render_terminal_many(results, console, source))
    elif not failures and not interrupted:
        err(f"{source}: no articles in the feed")
        raise typer.Exit(2)
    if interrupted:
        done = len(results)
        kept = "" if dry_run or not done else f"; {'it is' if done == 1 else 'those are'} recorded and reported"
        err(f"interrupted after {done} article{'' if done == 1 else 's'}{kept}")
        raise typer.Exit(130)
    # a contradiction found is what a pipeline's --fail-on waits for: it outranks an unreadable line
    found = sum(contradiction_found(r, min_score) for r in results) if fail_on is FailOn.contradictions else 0
    if found:
        where = "" if len(results) == 1 else f" in {found} of {len(results)} articles"
        note(f"exit 3 (--fail-on contradictions): a contradiction scored {min_score:g} or more{where}")
        if failures:
            err(f"{failures} line{'' if failures == 1 else 's'} of the feed could not be read (see above)")
        raise typer.Exit(EXIT_CONTRADICTIONS)
    if failures:
        raise typer.Exit(2)
