"""Commands that make the data: ingest the sources, build and validate the graph, synthesise
a catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.cli.common import app, data_folder, fail, user_errors


@app.command()
@user_errors
def ingest() -> None:
    """Import the five source documents into the tidy tables (CSV) in the data folder."""
    from graph.ingest.pipeline import ingest as run_ingest

    tables = run_ingest(data_folder())
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    typer.echo(f"wrote {data_folder()}/*.csv: {counts}")


@app.command()
@user_errors
def build(out: Annotated[Path | None, typer.Option(help="Turtle file to write")] = None,
          validate: Annotated[bool, typer.Option(help="also check the graph with pySHACL, "
                                                      "as `crosswalk validate` does")] = False,
          ) -> None:
    """Build the RDF graph from data/*.csv, check it, cache it, and write it as Turtle."""
    from graph.store.cache import build as run_build

    target, triples = run_build(data_folder(), out)
    typer.echo(f"wrote {target} ({triples} triples)")
    if validate:
        _validate()


@app.command()
@user_errors
def validate() -> None:
    """Check the graph against the SHACL shapes in ontology/ (exit 2 when it does not conform)."""
    _validate()


def _validate() -> None:
    from graph.store.cache import build_and_validate

    graph = build_and_validate(data_folder())
    typer.echo(f"conforms: {len(graph)} triples satisfy ontology/shapes.ttl")


@app.command()
@user_errors
def synth(
    out: Annotated[Path | None, typer.Option(help="folder to write the tidy tables to")] = None,
    standards: Annotated[int, typer.Option(min=1, help="apprenticeship standards")] = 700,
    qualifications: Annotated[int, typer.Option(min=1, help="qualifications")] = 3000,
    seed: Annotated[int, typer.Option(help="the same seed writes the same tables")] = 0,
    standards_json: Annotated[Path | None, typer.Option(
        help="also write a national list of official standards in the standards API's JSON "
             "(for crosswalk import-standard)")] = None,
    versions: Annotated[int, typer.Option(min=1, help="standard versions in that list")]
    = 2000,
) -> None:
    """Write a synthetic national catalogue as tidy tables (read it with --data DIR), and/or
    a national list of official standards as the standards API's JSON."""
    from graph.ingest.synth import synth as write_catalogue
    from graph.ingest.synth import synth_standards

    if out is None and standards_json is None:
        fail("give --out (tidy tables), --standards-json (official standards) or both", 2)
    if out is not None:
        counts = write_catalogue(out, standards, qualifications, seed)
        typer.echo(f"wrote {out}/*.csv: " + ", ".join(f"{n} {c}" for n, c in counts.items()))
    if standards_json is not None:
        written = synth_standards(standards_json, versions, seed)
        typer.echo(f"wrote {standards_json}: {written['versions']} standard versions, "
                   f"{written['ksbs']} KSBs, {written['bytes'] / 1e6:.0f} MB")
