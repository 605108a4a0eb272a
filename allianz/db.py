"""The graph: one Neo4j driver per app, short sessions on the named database, plain dicts out.

Units of work run through `execute_read` / `execute_write`, which retry transient errors;
driver exceptions are turned into the app's own (`allianz.errors` for the `allianz.exceptions`) here and nowhere else.
"""
import threading
from contextlib import contextmanager
from typing import LiteralString

from flask import current_app
from neo4j.graph import Node, Relationship
from neo4j.time import Date, DateTime

import neo4j
from neo4j import exceptions as neo4j_errors

from .exceptions import ConstraintViolation, DatabaseUnavailable, QueryFailed

EXTENSION_KEY = "allianz.graph"


SCALARS = (str, int, float, bool)


def plain(value):
    """Turn driver values (nodes, dates, datetimes) into plain Python data."""
    if value is None or type(value) in SCALARS:
        return value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, Node | Relationship):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, Date):
        return value.to_native()
    if isinstance(value, DateTime):
        return value.to_native()
    return value


@contextmanager
def translated_errors():
    """Turn driver errors raised inside the block into the app's own exceptions."""
    try:
        yield
    except neo4j_errors.ConstraintError as error:
        raise ConstraintViolation(error.message) from error
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired,
            neo4j_errors.AuthError, neo4j_errors.TransientError) as error:
        raise DatabaseUnavailable(str(error) or type(error).__name__) from error
    except neo4j_errors.DriverError as error:  # connection trouble the driver reports otherwise
        raise DatabaseUnavailable(str(error) or type(error).__name__) from error
    except neo4j_errors.Neo4jError as error:
        raise QueryFailed(f"{error.code}: {error.message}") from error
    except OSError as error:
        raise DatabaseUnavailable(str(error)) from error


class Graph:
    """One driver (created on first use) and the units of work that run on it."""

    def __init__(self, uri, user, password, database, connection_timeout=2.0,
                 acquisition_timeout=3.0, max_retry_time=2.0, max_pool_size=100):
        self.uri = uri
        self.database = database
        self._auth = (user, password) if password else None
        self._options = dict(connection_timeout=connection_timeout,
                             connection_acquisition_timeout=acquisition_timeout,
                             max_transaction_retry_time=max_retry_time, max_connection_pool_size=max_pool_size,
                             # Never keep a connection longer than a firewall or proxy might.
                             max_connection_lifetime=1800, keep_alive=True,
                             # Warnings such as "label does not exist yet" are noise on a young graph.
                             notifications_min_severity="OFF")
        self._driver = None
        self._lock = threading.Lock()
        # Every session of this process reads what this process wrote before, also on a cluster's followers
        # (`neo4j://`): the sessions share the bookmarks of the transactions committed (no cost on one server).
        self.bookmarks = neo4j.GraphDatabase.bookmark_manager()

    @property
    def driver(self):
        """The driver, created lazily so that a forking server creates it in each worker."""
        if self._driver is None:
            with self._lock:
                if self._driver is None:
                    with translated_errors():
                        self._driver = neo4j.GraphDatabase.driver(self.uri, auth=self._auth, **self._options)
        return self._driver

    def _session(self):
        """A session on the app's database that shares this process's bookmarks."""
        return self.driver.session(database=self.database, bookmark_manager=self.bookmarks)

    def close(self):
        """Close the driver and its connections."""
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def read(self, work, **kwargs):
        """Run `work(tx, **kwargs)` in a read transaction (retried on transient errors)."""
        with translated_errors(), self._session() as session:
            return session.execute_read(work, **kwargs)

    def write(self, work, **kwargs):
        """Run `work(tx, **kwargs)` in a write transaction (retried on transient errors)."""
        with translated_errors(), self._session() as session:
            return session.execute_write(work, **kwargs)

    @contextmanager
    def transaction(self):
        """One explicit write transaction (no retries): committed at the end of the block, else rolled back."""
        with translated_errors(), self._session() as session:
            with session.begin_transaction() as tx:
                yield tx
                tx.commit()

    def query(self, cypher: LiteralString, **params):
        """Run one read query and return its rows as plain dicts."""
        return self.read(rows, cypher=cypher, params=params)

    def columns(self, cypher: LiteralString, **params):
        """Run one read query that returns a single row (of long lists), as {column: value} straight from the
        driver: no per-element conversion, so only for strings, numbers and lists of them (bulk reads)."""
        return self.read(single_row, cypher=cypher, params=params)

    def execute(self, cypher: LiteralString, **params):
        """Run one write query and return its rows as plain dicts."""
        return self.write(rows, cypher=cypher, params=params)

    def run_autocommit(self, cypher: LiteralString, **params):
        """Run one statement in an auto-commit transaction (schema commands need one)."""
        with translated_errors(), self._session() as session:
            return [plain(record.data()) for record in session.run(cypher, params)]

    def ping(self):
        """Return Neo4j's name, version and edition, or raise DatabaseUnavailable."""
        found = self.query("CALL dbms.components() YIELD name, versions, edition "
                           "RETURN name, versions[0] AS version, edition")
        return found[0] if found else {}


def rows(tx, cypher, params):
    """Transaction function: run `cypher` and return every row as a plain dict."""
    result = tx.run(cypher, params)
    return [plain(record.data()) for record in result]


def single_row(tx, cypher, params):
    """Transaction function: the one row of `cypher` as {column: value}, values as the driver decoded them."""
    record = tx.run(cypher, params).single(strict=True)
    return dict(zip(record.keys(), record.values(), strict=True))


def gathered_rows(tx, cypher, params, columns):
    """Transaction function: the rows of a query that gathers them into one record (`rows`: a list of value lists in
    `columns`' order, scalars or lists of scalars), each as a dict. One message instead of one per row: at 100k
    partners the network's snapshot (640,000 rows) is read in a fraction of the time the driver takes per record."""
    return [dict(zip(columns, row, strict=True)) for row in single_row(tx, cypher, params)["rows"]]


def graph_from_config(config):
    """Build a Graph from a Flask config mapping (local server when NEO4J_URI is unset)."""
    uri = config.get("NEO4J_URI") or f"bolt://127.0.0.1:{config['LOCAL_NEO4J_BOLT_PORT']}"
    return Graph(uri, config.get("NEO4J_USER", "neo4j"), config.get("NEO4J_PASSWORD", ""),
                 config.get("NEO4J_DATABASE", "neo4j"),
                 connection_timeout=config.get("NEO4J_CONNECTION_TIMEOUT", 2.0),
                 acquisition_timeout=config.get("NEO4J_ACQUISITION_TIMEOUT", 3.0),
                 max_retry_time=config.get("NEO4J_MAX_RETRY_TIME", 2.0),
                 max_pool_size=config.get("NEO4J_MAX_POOL_SIZE", 100))


def init_app(app):
    """Keep one Graph for `app` (the driver itself is created on first use)."""
    app.extensions[EXTENSION_KEY] = graph_from_config(app.config)


def get_graph():
    """The current app's Graph."""
    return current_app.extensions[EXTENSION_KEY]


def query(cypher: LiteralString, **params):
    """Run one read query on the current app's graph; rows as plain dicts."""
    return get_graph().query(cypher, **params)


def query_one(cypher: LiteralString, **params):
    """Run one read query on the current app's graph; the first row or None."""
    found = get_graph().query(cypher, **params)
    return found[0] if found else None


def query_each(*statements):
    """Run several read queries, each `(cypher, params)`, in ONE transaction on the current app's graph (one
    BEGIN and COMMIT, where each transaction costs the server more than a small query in it); their rows as
    plain dicts, one list per query."""
    def work(tx):
        return [[plain(record.data()) for record in tx.run(cypher, params)] for cypher, params in statements]
    return get_graph().read(work)


def execute(cypher: LiteralString, **params):
    """Run one write query on the current app's graph; rows as plain dicts."""
    return get_graph().execute(cypher, **params)
