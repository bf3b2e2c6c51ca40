"""Commands over official standards: import them, and what changed between two versions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from graph.cli.common import FormatOption, app, data_folder, emit, table_format, user_errors


def _argument(help_text: str) -> typer.models.ArgumentInfo:
    """A required argument with its help (no default to show)."""
    return typer.Argument(help=help_text, show_default=False)


@app.command("import-standard")
@user_errors
def import_standard(
    file: Annotated[Path, _argument("the standards API's JSON: one standard, its versions or "
                                    "the national list")],
    occupation: Annotated[Path | None, typer.Option(help="the occupational maps API's JSON "
                                                         "(KSB codes, SOC codes)")] = None,
) -> None:
    """Import official standards (Skills England JSON), all or nothing: a bad file gets one
    line naming the record and the field, and nothing is written."""
    from graph.interop.standard_import import import_standard as run

    result = run(file, occupation, data_folder())
    replaced = f" ({len(result.replaced)} replaced)" if result.replaced else ""
    count = len(result.versions)
    typer.echo(f"imported {count} standard version{'' if count == 1 else 's'}{replaced} with "
               f"{result.ksbs} KSBs and {result.defects} defects into {data_folder()}")


@app.command("standard-diff")
@user_errors
def standard_diff(
    old: Annotated[str, _argument("a standards API file, FILE@VERSION, or an imported version "
                                  "such as ST0072@1.0")],
    new: Annotated[str, _argument("the same, for the newer side")],
    fmt: FormatOption = "table",
) -> None:
    """What changed between two versions of a standard: KSBs added, removed and reworded
    (word by word), metadata, and the mappings the changes make stale, by framework."""
    from graph.analysis.standard_diff import standard_diff as diff
    from graph.ingest.skills_england import read_version
    from graph.model.tables_io import read_tables

    tables = read_tables(data_folder())
    result = diff(read_version(old, tables), read_version(new, tables), tables["mappings"])
    if table_format(fmt).value == "json":
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    if result.note and fmt == "table":
        typer.echo(result.note)
    emit(result.flat(), fmt)
