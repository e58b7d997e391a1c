"""`consist verdict`, `consist review`, `consist verdicts export|refit` and `consist serve`: a reviewer's word."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console

from consistency.cli.app import IndexDirOption, app, err, index_dir, user_errors

verdicts_app = typer.Typer(
    name="verdicts",
    help="Reviewers' verdicts: export them as the judge's training pairs, refit the contradiction floor.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(verdicts_app)


class VerdictWord(str, Enum):
    right = "right"
    wrong = "wrong"
    unsure = "unsure"


class RelationWord(str, Enum):
    agrees = "agrees"
    contradicts = "contradicts"
    discusses = "discusses"
    unrelated = "unrelated"


NoteOption = Annotated[str | None, typer.Option("--note", help="Why, in a few words (kept with the verdict).")]
ReviewerOption = Annotated[
    str | None,
    typer.Option("--reviewer", envvar="CONSIST_REVIEWER", help="Who says so (default: your login name)."),
]


@app.command()
def verdict(
    claim: Annotated[int, typer.Argument(help="One claim id of the finding (either order).", show_default=False)],
    other: Annotated[int, typer.Argument(help="The other claim id.", show_default=False)],
    word: Annotated[
        VerdictWord, typer.Argument(metavar="right|wrong|unsure", case_sensitive=False, show_default=False)
    ],
    index_dir_: IndexDirOption = None,
    note: NoteOption = None,
    relation: Annotated[
        RelationWord | None,
        typer.Option("--relation", help="The relation as judged, for a pair the store holds no finding for."),
    ] = None,
    corrected: Annotated[
        RelationWord | None, typer.Option("--corrected", help="What the relation should have been.")
    ] = None,
    reviewer: ReviewerOption = None,
) -> None:
    """Record a reviewer's verdict on the finding between two claims (claim ids: `check --format json`, `serve`).

    A finding judged wrong is hidden from reports and no longer counts toward --fail-on; the same
    pair keeps its verdict when it is judged again. Giving another verdict replaces it.

    Example: consist verdict 42 17 wrong --note "different missiles"
    """
    from consistency.verdicts import open_for_verdict, record_verdict

    with user_errors(), open_for_verdict(index_dir(index_dir_)) as store:
        made = record_verdict(
            store,
            claim,
            other,
            word.value,
            note=note,
            reviewer=reviewer,
            relation=relation.value if relation else None,
            corrected_relation=corrected.value if corrected else None,
        )
    sys.stdout.write(
        f"claims {made.claim_id} and {made.other_claim_id} ({made.relation}): {made.verdict}"
        f"{' (should be ' + made.corrected_relation + ')' if made.corrected_relation else ''}"
        f"{f'; also on {made.carried} verbatim cop' + ('y' if made.carried == 1 else 'ies') if made.carried else ''}\n"
    )


# ---- consist review --------------------------------------------------------------------------

KEYS = {"r": "right", "w": "wrong", "u": "unsure", "s": "skip", "q": "quit"}
PROMPT = "[r]ight [w]rong [u]nsure [s]kip [q]uit: "


@contextmanager
def _keys(stream: IO[str]) -> Iterator[Iterator[str]]:
    """One key at a time: from a terminal without Enter (cbreak mode), otherwise the characters of
    the input in turn, spaces and line breaks skipped (`printf 'rwq' | consist review`)."""
    fd = None
    try:
        if stream.isatty():
            fd = stream.fileno()
    except (AttributeError, ValueError, OSError):
        fd = None
    if fd is None:

        def chars() -> Iterator[str]:
            while ch := stream.read(1):
                if not ch.isspace():
                    yield ch.lower()

        yield chars()
        return
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)

        def typed() -> Iterator[str]:
            while ch := stream.read(1):
                yield ch.lower()

        yield typed()
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@app.command()
def review(
    index_dir_: IndexDirOption = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Only findings with a claim from this outlet.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many contested claims.")] = 50,
    reviewer: ReviewerOption = None,
) -> None:
    """Walk through the contradictions nobody has reviewed, most contested first: one key per verdict.

    r right, w wrong, u unsure, s skip, q quit. Each verdict is recorded at once (the store is
    taken for writing only for that moment). Keys come from the terminal, or from standard input
    when it is not one.

    Example: consist review --outlet Reuters
    """
    from consistency.report.review import render_review_item
    from consistency.review import ReviewFilter, review_queue
    from consistency.store import Store
    from consistency.verdicts import open_for_verdict, record_verdict

    directory = index_dir(index_dir_)
    with user_errors(), Store.open(directory, read_only=True, load_index=False) as store:
        queue = review_queue(
            store,
            ReviewFilter(outlet=outlet, relation="contradicts", unreviewed=True, show_rejected=False),
            limit=limit,
        )
    items = [f for g in queue.groups for f in g.findings]
    console = Console(highlight=False, soft_wrap=True)
    if not items:
        console.print("nothing to review: every contradiction has a verdict")
        return
    done = {"right": 0, "wrong": 0, "unsure": 0, "skip": 0}
    with _keys(sys.stdin) as keys:
        for n, item in enumerate(items, 1):
            render_review_item(n, len(items), item, console)
            choice = None
            while choice is None:
                console.print(PROMPT, end="", markup=False)
                key = next(keys, "q")
                choice = KEYS.get(key)
                console.print(choice or f"{key!r}? one of r, w, u, s, q", markup=False)
            if choice == "quit":
                break
            if choice == "skip":
                done["skip"] += 1
                continue
            a, b = item.pair
            with user_errors(), open_for_verdict(directory) as store:
                record_verdict(store, a, b, choice, reviewer=reviewer)
            done[choice] += 1
    recorded = done["right"] + done["wrong"] + done["unsure"]
    console.print(
        f"\n{recorded} verdict{'' if recorded == 1 else 's'} recorded ({done['right']} right, {done['wrong']} wrong, "
        f"{done['unsure']} unsure), {done['skip']} skipped"
    )


# ---- consist verdicts export | refit -----------------------------------------------------------


@verdicts_app.command("export")
def export(
    index_dir_: IndexDirOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", dir_okay=False, help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Verdicts as JSON lines in the judge trainer's format (premise, hypothesis, label, source, group).

    Feed them to the trainer (`python training/train_judge.py ../shared/nli --extra verdicts.jsonl`)
    or to another store's refit (`consist verdicts refit --extra verdicts.jsonl`).

    Example: consist verdicts export -o verdicts.jsonl
    """
    from consistency.store import Store
    from consistency.verdicts import export_rows

    with user_errors(), Store.open(index_dir(index_dir_), read_only=True, load_index=False) as store:
        rows = export_rows(store)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            err(f"cannot write {output}: {exc.strerror or exc}")
            raise typer.Exit(1) from None
        sys.stderr.write(f"{len(rows)} pairs written to {output}\n")


@verdicts_app.command("refit")
def refit(
    index_dir_: IndexDirOption = None,
    extra: Annotated[
        list[Path] | None,
        typer.Option("--extra", exists=True, dir_okay=False, help="Another store's export, to fit on as well."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the floor: show every contradiction again.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of a line.")] = False,
) -> None:
    """Refit this store's contradiction floor from verdicts alone: the lowest judge score at which
    `check`, `report` and `serve` show a contradiction (F0.5 of `right` is maximised).

    Example: consist verdicts refit --extra other-store-verdicts.jsonl
    """
    from dataclasses import asdict

    from consistency.verdicts import clear_floor, open_for_verdict, read_rows
    from consistency.verdicts import refit as refit_floor

    with user_errors():
        rows = [r for path in extra or [] for r in read_rows(path)]
        with open_for_verdict(index_dir(index_dir_)) as store:
            if clear:
                clear_floor(store)
                sys.stdout.write("floor cleared: every contradiction is shown\n")
                return
            fitted = refit_floor(store, rows)
    if as_json:
        sys.stdout.write(json.dumps(asdict(fitted)) + "\n")
        return
    sys.stdout.write(
        f"floor {fitted.floor:.3f} from {fitted.verdicts} verdicts on contradictions ({fitted.right} right): "
        f"precision {fitted.precision_before:.2f} -> {fitted.precision_after:.2f}, "
        f"{fitted.recall_after:.0%} of the right ones kept\n"
    )


# ---- consist serve -----------------------------------------------------------------------------


@app.command()
def serve(
    index_dir_: IndexDirOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (keep 127.0.0.1 unless you mean it).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8765,
) -> None:
    """Review findings in the browser: contested claims first, evidence side by side, right/wrong/unsure.

    Needs the `serve` extra (pip install "consist\\[serve]"). Ctrl-C stops it.

    Example: consist serve --port 8765  (then open http://127.0.0.1:8765/)
    """
    try:
        from consistency.serve import create_app
    except ImportError as exc:
        err(f'consist serve needs the serve extra: pip install "consist[serve]" ({exc.name} missing)')
        raise typer.Exit(1) from None
    import uvicorn

    with user_errors():
        web = create_app(index_dir(index_dir_), host=host)
    sys.stderr.write(f"consist: reviewing {index_dir(index_dir_)} at http://{host}:{port}/ (Ctrl-C stops)\n")
    uvicorn.run(web, host=host, port=port, log_level="warning")
