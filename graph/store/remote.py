"""Asking any SPARQL 1.1 endpoint over HTTP, with the project's prefixes declared."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pandas as pd

from graph.errors import CrosswalkError
from graph.model.vocab import SPARQL_PREFIXES


class EndpointError(CrosswalkError):
    """The endpoint could not be reached, refused the query, or the server did not start."""


def remote_query(endpoint: str, text: str, timeout: float = 60.0) -> pd.DataFrame:
    """Run a SELECT or ASK query on ``endpoint`` (SPARQL 1.1 Protocol, POST) as a DataFrame.

    The project's prefixes are declared; values are their plain string forms, unbound ones
    empty, exactly as :func:`graph.store.safety.result_frame` gives them in-process.
    """
    request = urllib.request.Request(
        endpoint, data=f"{SPARQL_PREFIXES}\n{text}".encode(),
        headers={"Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise EndpointError(f"{endpoint} refused the query: HTTP {exc.code} "
                            f"{detail[0] if detail else exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise EndpointError(f"{endpoint}: cannot reach the endpoint ({exc})") from None
    if "boolean" in payload:
        return pd.DataFrame({"ask": [bool(payload["boolean"])]})
    columns = payload["head"]["vars"]
    rows = [[b.get(c, {}).get("value", "") for c in columns]
            for b in payload["results"]["bindings"]]
    return pd.DataFrame(rows, columns=columns)
