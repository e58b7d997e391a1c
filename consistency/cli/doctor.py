"""`consist doctor`: check the store, and with --repair rebuild what is derived from it."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated

import typer

from consistency.cli.app import IndexDirOption, app, index_dir, user_errors


@app.command()
def doctor(
    index_dir_: IndexDirOption = None,
    repair: Annotated[
        bool, typer.Option("--repair", help="Migrate, drop rows that point nowhere, rebuild FAISS from DuckDB.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of lines.")] = False,
    index_type: Annotated[
        str | None,
        typer.Option("--index-type", help="With --repair: auto, flat (exact), ivf-sq8 or ivf-pq (approximate)."),
    ] = None,
) -> None:
    """Check the store: schema version, counts, FAISS against DuckDB, vectors, rows that point nowhere.

    Exits 0 when healthy, 1 when something needs attention (the message says whether --repair fixes it).

    Example: consist doctor --repair --index-type ivf-sq8
    """
    from consistency.doctor import check_store, repair_store  # DuckDB and FAISS: not for `--help`

    with user_errors():
        if index_type is not None and not repair:
            raise typer.BadParameter("--index-type needs --repair")
        directory = index_dir(index_dir_)
        report = repair_store(directory, index_type) if repair else check_store(directory)
    if as_json:
        data = asdict(report)
        data["ok"] = report.ok
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        lines = [f"store {report.store}"]
        lines += [f"repaired: {step}" for step in report.repaired]
        for f in report.findings:
            hint = " (consist doctor --repair fixes this)" if not f.ok and f.repairable and not repair else ""
            lines.append(f"{'ok     ' if f.ok else 'PROBLEM'} {f.check}: {f.message}{hint}")
        lines.append("healthy" if report.ok else f"{len(report.problems)} problem(s)")
        sys.stdout.write("\n".join(lines) + "\n")
    if not report.ok:
        raise typer.Exit(1)
