"""Stored answers: each read command's result kept beside the build cache, under its inputs.

A read command (``gaps``, ``fit``, ``trace``, ``stats``, ``audit``, ``sparql``,
``optional-units``) is a question with arguments. The first time a question is asked of a
data folder its answer is computed by the analyses, rendered from a
:class:`~graph.formats.Table`, and stored as JSON in ``answers/`` next to the cached store,
with the key of everything it was computed from: the build's inputs (tables, curation file,
build code: :func:`graph.store.cache.input_key`) plus the analyses' code and the query
library. Asked again with the same key, the answer is read back with the standard library
alone, in milliseconds; when any input changed it is computed again. The analyses stay the
only source of every answer: this module never computes one.

A rebuild of the store empties the folder; answers are written to a temporary file and
renamed, so a reader sees a whole answer or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import urllib.parse
from collections.abc import Callable, Sequence
from pathlib import Path

from graph.formats import Table
from graph.ingest.sources import DATA_DIR, PROJECT_ROOT
from graph.store.cache import cache_dir, input_key

ANSWERS_FOLDER = "answers"
# The code and queries an answer depends on beyond the build's inputs.
ANSWER_CODE = ("graph/analysis/*.py", "graph/store/*.py", "graph/model/*.py", "graph/cli/*.py",
               "ontology/queries/*.rq")


def answers_dir(data_dir: Path = DATA_DIR) -> Path:
    """Where the stored answers of ``data_dir`` live."""
    return cache_dir(data_dir) / ANSWERS_FOLDER


def answer_key(data_dir: Path = DATA_DIR) -> str:
    """The build's input key of ``data_dir`` combined with a stamp of :data:`ANSWER_CODE`."""
    paths = sorted(p for pattern in ANSWER_CODE for p in PROJECT_ROOT.glob(pattern))
    stamp = "\n".join(f"{p.relative_to(PROJECT_ROOT)} {s.st_size} {s.st_mtime_ns}"
                      for p in paths for s in [p.stat()])
    return hashlib.sha1(f"{input_key(data_dir)}\n{stamp}".encode()).hexdigest()


def answer_path(data_dir: Path, question: Sequence[str]) -> Path:
    """The file of one question (its command and arguments), named after them.

    >>> answer_path(Path("/d"), ["trace", "K1.1"]).name.startswith("trace%1FK1.1.")
    True
    """
    name = urllib.parse.quote("\x1f".join(question), safe="")[:120]
    digest = hashlib.sha1("\x1f".join(question).encode()).hexdigest()[:12]
    return answers_dir(data_dir) / f"{name}.{digest}.json"


def stored_answer(data_dir: Path, question: Sequence[str], key: str | None = None
                  ) -> Table | None:
    """The stored answer to ``question`` if it was computed from the current inputs."""
    try:
        data = json.loads(answer_path(data_dir, question).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("key") != (key or answer_key(data_dir)) or data.get("question") != \
            list(question):
        return None
    return Table.from_json(data)


def store_answer(data_dir: Path, question: Sequence[str], table: Table, key: str) -> None:
    """Keep ``table`` as the answer to ``question`` under ``key`` (all or nothing)."""
    folder = answers_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".answer.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"key": key, "question": list(question), **table.to_json()}, out,
                      ensure_ascii=False)
        os.replace(name, answer_path(data_dir, question))
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def answer(data_dir: Path, question: Sequence[str], compute: Callable[[], Table]) -> Table:
    """The answer to ``question``: stored, or computed by ``compute`` and then stored.

    The key is taken before computing, so inputs changed meanwhile make it stale.
    """
    key = answer_key(data_dir)
    if (found := stored_answer(data_dir, question, key)) is not None:
        return found
    table = compute()
    with contextlib.suppress(OSError):  # a read-only data folder: answer without storing
        store_answer(data_dir, question, table, key)
    return table


def clear_answers(data_dir: Path = DATA_DIR) -> None:
    """Forget every stored answer of ``data_dir`` (the store was rebuilt)."""
    shutil.rmtree(answers_dir(data_dir), ignore_errors=True)
