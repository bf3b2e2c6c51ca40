"""Commands that move the graph in and out: export, the Excel report, import, publish."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.cli.common import app, data_folder, fail, graph_and_view, open_graph, user_errors


@app.command()
@user_errors
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, jsonld, nt, sssom or graphml")],
    out: Annotated[Path, typer.Option(help="file to write")],
) -> None:
    """Export the whole graph as RDF, SSSOM TSV or GraphML."""
    from graph.interop.export import ExportFormat
    from graph.interop.export import export as write

    try:
        chosen = ExportFormat(fmt)
    except ValueError:
        fail(f"--format {fmt!r}: choose one of {', '.join(f.value for f in ExportFormat)}", 2)
    write(open_graph(), chosen, out)
    typer.echo(f"wrote {out}")


@app.command()
@user_errors
def report(out: Annotated[Path, typer.Option(help="Excel file to write (.xlsx)")]) -> None:
    """Write one Excel workbook with a sheet per analysis and the audit."""
    from graph.interop.report import write_report

    if out.suffix.lower() != ".xlsx":
        fail(f"--out {out}: the report is an Excel workbook; name it *.xlsx", 2)
    graph, view = graph_and_view()
    write_report(view, graph, out, extra=_extra_sheets(graph, view))
    typer.echo(f"wrote {out}")


def _extra_sheets(graph, view) -> dict:
    import pandas as pd

    from graph.analysis.equivalence import equivalence_groups, unit_similarity
    from graph.analysis.fit import qualifications
    from graph.analysis.suggest import suggest_mappings
    from graph.model.curation import read_curation, rejected_pairs

    similarity = unit_similarity(view)
    rejected = rejected_pairs(read_curation(data_folder()))
    return {
        "Equivalents": similarity,
        "Equivalent groups": equivalence_groups(similarity),
        "Suggestions": pd.concat([suggest_mappings(view, q, rejected=rejected)
                                  for q in qualifications(view)], ignore_index=True),
    }


@app.command("import")
@user_errors
def import_files(
    files: Annotated[list[Path], typer.Argument(help="the template's CSV or XLSX files, or "
                                                     "SSSOM TSV", show_default=False)],
    framework: Annotated[str | None, typer.Option(help="the framework key: to replace an "
                                                       "earlier import, or for a mapping "
                                                       "table on its own")] = None,
    dry_run: Annotated[bool, typer.Option(help="check every row and write nothing")] = False,
) -> None:
    """Import a qualification and its mapping (the template) or mappings (SSSOM TSV), all or
    nothing: every problem is listed as file, row, column and a sentence."""
    from graph.interop.importer import import_paths

    result = import_paths(files, data_folder(), framework, dry_run)
    for problem in result.problems:
        typer.echo(str(problem), err=True)
    if result.problems:
        fail(f"{len(result.problems)} problem(s); nothing was written")
    typer.echo(result.summary())


@app.command()
@user_errors
def publish(
    store: Annotated[str, typer.Option(help="Graph Store Protocol URL, e.g. "
                                            "http://localhost:8890/sparql-graph-crud-auth; "
                                            "a login comes from CROSSWALK_STORE_USER / "
                                            "CROSSWALK_STORE_PASSWORD or ~/.netrc")],
    graph: Annotated[str | None, typer.Option(help="named graph IRI to replace; default: "
                                                   "the default graph")] = None,
) -> None:
    """Load the built graph into a triple store (SPARQL 1.1 Graph Store Protocol, in chunks)."""
    from graph.store.publish import publish as send

    triples = send(store, graph, data_folder())
    typer.echo(f"published {triples} triples to {store}" + (f" as <{graph}>" if graph else ""))
