"""A SPARQL 1.1 Protocol client for the stores people run: Oxigraph, Virtuoso 7, Fuseki, GraphDB.

The rules, each for a store that needs it:

* A query travels as ``GET`` when its URL stays under :data:`GET_MAX_URL` characters, else as
  a form-encoded ``POST`` (``application/x-www-form-urlencoded``, ``query=…``): the two forms
  every SPARQL 1.1 server accepts (Virtuoso 7.2 never answers a direct
  ``application/sparql-query`` POST). Protocol parameters in the endpoint URL
  (``default-graph-uri``) travel with the query, in the URL or in the form.
* Results come as SPARQL JSON; the known variants are read alike: SPARQL 1.0 ``typed-literal``
  values, an ASK answered as ``{"boolean": …}`` or, by Virtuoso, as one binding of
  ``__ASK_RETVAL`` (``1`` or ``0``), and the XML results format.
* A store that cuts a result at its row limit (Virtuoso's ``ResultSetMaxRows``, announced in
  the ``X-SPARQL-MaxRows`` header) is asked again page by page (``LIMIT``/``OFFSET`` over the
  query as a subquery), so that no row is lost. The pages are not sorted: Virtuoso refuses to
  sort past that same limit (``MaxSortedTopRows``), and it gives the rows of one query over
  unchanged data in one order. An ordered result cut at the limit is an error that says which
  limits to raise, never rows out of order. A store that stops a query at its own time limit
  and sends partial rows (Virtuoso's "anytime" answer, the ``X-SQL-State`` header) is an
  error, never an answer.
* Connecting and answering have separate time limits: :data:`CONNECT_TIMEOUT_S`, and the read
  limit (``--timeout-s``, :data:`DEFAULT_TIMEOUT_S` by default); the error says which passed.
* A store that asks for a login (HTTP 401) gets one, basic or digest as it asks, from
  ``CROSSWALK_STORE_USER`` and ``CROSSWALK_STORE_PASSWORD`` or else the ``~/.netrc`` entry of
  its host; never from the command line.
"""

from __future__ import annotations

import html
import io
import json
import netrc
import os
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from graph.errors import CrosswalkError
from graph.model.vocab import SPARQL_PREFIXES

DEFAULT_TIMEOUT_S = 60.0  # seconds a store may take to answer one request
CONNECT_TIMEOUT_S = 10.0  # seconds to open the connection
GET_MAX_URL = 2000  # characters: a query whose GET URL is longer goes as a form POST
USER_SETTING = "CROSSWALK_STORE_USER"
PASSWORD_SETTING = "CROSSWALK_STORE_PASSWORD"
RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
ASK_BINDING = "__ASK_RETVAL"  # how Virtuoso answers ASK in SPARQL JSON
ROW_LIMIT_HEADER = "X-SPARQL-MaxRows"  # Virtuoso: the result was cut at this many rows
PARTIAL_HEADER = "X-SQL-State"  # Virtuoso: the query was stopped, the rows are partial
ORDERED = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
PROLOGUE_LINE = re.compile(r"\s*(#.*|(PREFIX|BASE)\s.*)?$", re.IGNORECASE)


class EndpointError(CrosswalkError):
    """The endpoint could not be reached, refused the query, or the server did not start."""


@dataclass
class Answer:
    """A query's answer: the variables and the SPARQL JSON bindings, or an ASK's boolean."""

    variables: list[str]
    bindings: list[dict[str, dict[str, str]]]
    boolean: bool | None = None


def store_login(url: str) -> tuple[str, str] | None:
    """The user and password for ``url``: the settings ``CROSSWALK_STORE_USER`` and
    ``CROSSWALK_STORE_PASSWORD`` (both, or neither), else the ``~/.netrc`` entry of the URL's
    host, else None. A login is never taken from the command line, where other users of the
    machine could read it.
    """
    user, password = os.environ.get(USER_SETTING), os.environ.get(PASSWORD_SETTING)
    if user and password:
        return user, password
    if user or password:
        raise EndpointError(f"set both {USER_SETTING} and {PASSWORD_SETTING} (or neither, "
                            "to use ~/.netrc)")
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        return None
    except (netrc.NetrcParseError, OSError) as exc:
        raise EndpointError(f"~/.netrc: cannot read it ({exc})") from None
    return (entry[0], entry[2]) if entry and entry[0] and entry[2] else None


def _no_login(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """No login: requests would otherwise send a ``~/.netrc`` entry as basic before the
    store has said which scheme it wants."""
    return request


def _login_for(challenge: requests.Response, user: str, password: str) -> AuthBase:
    """Digest when the store's ``WWW-Authenticate`` challenge asks for it, else basic."""
    scheme = challenge.headers.get("WWW-Authenticate", "").strip().lower()
    return HTTPDigestAuth(user, password) if scheme.startswith("digest") else \
        HTTPBasicAuth(user, password)


def send(session: requests.Session, method: str, url: str, timeout_s: float,
         **kwargs) -> requests.Response:
    """Send one request; log in when the store asks for it (HTTP 401) and a login is set.

    Before a body of bytes (an upload) a ``HEAD`` request settles the login, so that the
    body travels once, and never to a store that would refuse it. Returns a successful
    response; raises :class:`EndpointError` with one line otherwise: "cannot connect", "did
    not answer within N s", a missing or rejected login, or the store's own first line of
    refusal.
    """
    where = url.split("?", 1)[0]
    try:
        if session.auth is None and isinstance(kwargs.get("data"), bytes):
            probe = _logged_in(session, "HEAD", url, timeout_s)
            if probe.status_code == 401:
                _check(probe, session, where)
        response = _logged_in(session, method, url, timeout_s, **kwargs)
    except requests.ConnectTimeout:
        raise EndpointError(f"{where}: cannot connect (no connection within "
                            f"{CONNECT_TIMEOUT_S:g} s)") from None
    except requests.ReadTimeout:
        raise EndpointError(f"{where}: the endpoint did not answer within {timeout_s:g} s "
                            "(--timeout-s)") from None
    except requests.ConnectionError as exc:
        if "timed out" in str(exc):
            raise EndpointError(f"{where}: the endpoint did not answer within {timeout_s:g} s "
                                "(--timeout-s)") from None
        raise EndpointError(f"{where}: cannot connect ({_reason(exc)})") from None
    except requests.RequestException as exc:
        raise EndpointError(f"{where}: {_reason(exc)}") from None
    return _check(response, session, where)


def _logged_in(session: requests.Session, method: str, url: str, timeout_s: float,
               **kwargs) -> requests.Response:
    """The response to the request, sent again with the login when the store asks for one."""
    limits = (CONNECT_TIMEOUT_S, timeout_s)
    response = session.request(method, url, timeout=limits, auth=session.auth or _no_login,
                               **kwargs)
    if response.status_code == 401 and session.auth is None \
            and (login := store_login(url)) is not None:
        session.auth = _login_for(response, *login)
        response = session.request(method, url, timeout=limits, **kwargs)
    return response


def _check(response: requests.Response, session: requests.Session,
           where: str) -> requests.Response:
    """``response`` when it succeeded, else the one-line :class:`EndpointError` for it."""
    if response.status_code == 401:
        if session.auth is None:
            raise EndpointError(f"{where} asks for a login (HTTP 401): set {USER_SETTING} and "
                                f"{PASSWORD_SETTING}, or a ~/.netrc entry for its host")
        raise EndpointError(f"{where} rejected the login of {session.auth.username!r} "
                            "(HTTP 401): check the user and password")
    if not response.ok:
        raise EndpointError(f"{where} refused the request: HTTP {response.status_code} "
                            f"{_refusal(response)}")
    return response


def _reason(exc: BaseException) -> str:
    """The innermost reason of a requests error, e.g. ``Connection refused``."""
    text = str(exc)
    found = re.findall(r"\] ([^'\")]+)", text)
    return found[-1].strip() if found else text.splitlines()[0][:200]


def _refusal(response: requests.Response) -> str:
    """The store's reason in one line: the first line of a text body, the text of an HTML
    page (tags removed), or the HTTP reason."""
    body = response.text.strip()
    if "html" in response.headers.get("Content-Type", "") or body.startswith("<"):
        lines = [html.unescape(line).strip() for line in re.sub(r"<[^>]+>", "\n", body)
                 .splitlines()]
        body = " ".join(line for line in lines if line and not line.startswith("<!"))
    line = body.splitlines()[0] if body else response.reason
    return line[:300]


def split_endpoint(endpoint: str) -> tuple[str, list[tuple[str, str]]]:
    """The endpoint URL without its query string, and the protocol parameters in it.

    >>> split_endpoint("http://h/sparql?default-graph-uri=urn%3Ag")
    ('http://h/sparql', [('default-graph-uri', 'urn:g')])
    """
    parts = urllib.parse.urlsplit(endpoint)
    base = urllib.parse.urlunsplit(parts._replace(query=""))
    return base, urllib.parse.parse_qsl(parts.query, keep_blank_values=True)


def ask_query(endpoint: str, text: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> Answer:
    """Send the query ``text`` (complete, prefixes declared) to ``endpoint``; its answer.

    A result cut at the store's row limit is fetched again page by page (see the module).
    """
    with requests.Session() as session:
        answer, limit = _ask_once(session, endpoint, text, timeout_s)
        if limit is None or answer.boolean is not None or len(answer.bindings) < limit:
            return answer
        prologue, body = split_prologue(text)
        if ORDERED.search(body):
            raise EndpointError(f"{split_endpoint(endpoint)[0]} cut the ordered result at its "
                                f"row limit, {limit} rows, and cannot sort past it: raise "
                                "ResultSetMaxRows ([SPARQL]) and MaxSortedTopRows "
                                "([Parameters]) in virtuoso.ini, or leave out ORDER BY")
        bindings: list[dict[str, dict[str, str]]] = []
        while True:
            page, _ = _ask_once(session, endpoint, f"{prologue}\nSELECT * WHERE {{\n{body}\n}}"
                                f"\nLIMIT {limit} OFFSET {len(bindings)}", timeout_s)
            bindings += page.bindings
            if len(page.bindings) < limit:
                return Answer(answer.variables, bindings)


def _ask_once(session: requests.Session, endpoint: str, text: str,
              timeout_s: float) -> tuple[Answer, int | None]:
    """One request: the answer, and the store's row limit when it announces one."""
    base, parameters = split_endpoint(endpoint)
    form = [*parameters, ("query", text)]
    headers = {"Accept": f"{RESULTS_JSON}, {RESULTS_XML};q=0.5"}
    url = f"{base}?{urllib.parse.urlencode(form)}"
    if len(url) <= GET_MAX_URL:
        response = send(session, "GET", url, timeout_s, headers=headers)
    else:
        response = send(session, "POST", base, timeout_s, data=form, headers=headers)
    if PARTIAL_HEADER in response.headers:
        reason = response.headers.get("X-SQL-Message", "").split("Activity:")[0].strip()
        raise EndpointError(f"{base}: the store stopped the query at its own time limit and "
                            f"sent partial rows, so they are not used ({reason})")
    limit = response.headers.get(ROW_LIMIT_HEADER, "")
    return parse_results(response.content, response.headers.get("Content-Type", ""), base), \
        (int(limit) if limit.isdigit() else None)


def split_prologue(text: str) -> tuple[str, str]:
    """The query's prologue (its leading comment, ``PREFIX`` and ``BASE`` lines) and the rest.

    >>> split_prologue("PREFIX a: <urn:a#>\\n# c\\nSELECT * WHERE { ?s ?p ?o }")
    ('PREFIX a: <urn:a#>\\n# c', 'SELECT * WHERE { ?s ?p ?o }')
    """
    lines = text.splitlines()
    cut = next((i for i, line in enumerate(lines) if not PROLOGUE_LINE.fullmatch(line)),
               len(lines))
    return "\n".join(lines[:cut]), "\n".join(lines[cut:])


def parse_results(payload: bytes, content_type: str, where: str = "the endpoint") -> Answer:
    """A SPARQL results document (JSON in its known variants, or XML) as an :class:`Answer`.

    >>> parse_results(b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": '
    ...               b'[{"__ASK_RETVAL": {"type": "typed-literal", "value": "1"}}]}}',
    ...               "application/sparql-results+json").boolean
    True
    """
    if "xml" in content_type:
        return _xml_results(payload, where)
    try:
        document = _json(payload)
    except ValueError:
        start = payload[:80].decode("utf-8", "replace").strip()
        raise EndpointError(f"{where}: the answer is not SPARQL results ({start!r})") from None
    if "boolean" in document:
        return Answer([], [], _truth(document["boolean"]))
    variables = list(document.get("head", {}).get("vars", []))
    bindings = list(document.get("results", {}).get("bindings", []))
    if variables == [ASK_BINDING] and len(bindings) <= 1:
        return Answer([], [], bool(bindings) and _truth(bindings[0][ASK_BINDING]["value"]))
    return Answer(variables, bindings)


def _json(payload: bytes) -> Mapping:
    document = json.loads(payload.decode("utf-8"))
    if not isinstance(document, dict):
        raise ValueError("not an object")
    return document


def _truth(value: object) -> bool:
    return value is True or str(value).strip().lower() in ("true", "1")


def _xml_results(payload: bytes, where: str) -> Answer:
    from rdflib.query import Result

    try:
        result = Result.parse(io.BytesIO(payload), format="xml")
    except Exception:  # rdflib raises parser errors of several kinds
        raise EndpointError(f"{where}: the answer is not SPARQL results XML") from None
    if result.type == "ASK":
        return Answer([], [], bool(result.askAnswer))
    variables = [str(v) for v in result.vars]
    bindings = [{str(k): {"value": str(v)} for k, v in row.asdict().items()} for row in result]
    return Answer(variables, bindings)


def answer_frame(answer: Answer) -> pd.DataFrame:
    """An answer as a DataFrame: one ``ask`` column for ASK, else one column per variable with
    each value's plain string form, unbound ones empty."""
    if answer.boolean is not None:
        return pd.DataFrame({"ask": [answer.boolean]})
    rows = [[b.get(c, {}).get("value", "") for c in answer.variables] for b in answer.bindings]
    return pd.DataFrame(rows, columns=answer.variables)


def remote_query(endpoint: str, text: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> pd.DataFrame:
    """Run a SELECT or ASK query on ``endpoint`` as a DataFrame, the project's prefixes
    declared; values are their plain string forms, unbound ones empty, exactly as
    :func:`graph.store.safety.result_frame` gives them in-process."""
    return answer_frame(ask_query(endpoint, f"{SPARQL_PREFIXES}\n{text}", timeout_s))
