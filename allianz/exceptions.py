"""The app's own exceptions: plain Python, no HTTP. `allianz.errors` turns them into pages or JSON."""


class AllianzError(Exception):
    """Base class of the app's own errors."""


class DatabaseUnavailable(AllianzError):
    """Neo4j cannot be reached (down, refused, timed out, wrong credentials)."""


class ConstraintViolation(AllianzError):
    """A write broke a uniqueness constraint (for example a duplicate id)."""


class QueryFailed(AllianzError):
    """Neo4j rejected a query: a bug in the app, never the user's fault."""


class VersionConflict(AllianzError):
    """A save was based on an older version of a node: someone else saved in between.

    `current` holds the node as it is now (a plain dict), so a page can show both versions.
    """

    def __init__(self, label, node_id, version, current=None):
        super().__init__(f"{label} {node_id}: version {version} is no longer current")
        self.label, self.node_id, self.version, self.current = label, node_id, version, current


class NotFound(AllianzError):
    """A write named a node that does not exist (any more)."""


class InputError(AllianzError):
    """A request's input is malformed or out of bounds (answered with `status`, 400 unless said)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class ImportRejected(AllianzError):
    """An import found problems; nothing was written. `problems` lists them as `file:line: reason`."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the import")
        self.problems = problems


class ImportConflict(AllianzError):
    """The graph changed (another import, an edit) while an import was being checked; nothing was written."""

    def __init__(self, expected, found):
        super().__init__(f"the graph changed while the folder was being checked (revision {expected} → {found}: "
                         "another import or an edit finished first); nothing was written. Run the import again.")


class ImportTooLarge(AllianzError):
    """An import would need more transaction memory than the server allows; checked before writing anything."""

    def __init__(self, needed, allowed, setting, heap):
        super().__init__(
            f"this import needs about {needed / 2**20:,.0f} MB of transaction memory, but the server allows "
            f"{allowed / 2**20:,.0f} MB ({setting}), so Neo4j would refuse it after minutes of work. "
            f"Fix: give Neo4j more heap (the local server: ALLIANZ_LOCAL_NEO4J_HEAP={heap}; your own server: "
            f"server.memory.heap.max_size and {setting}), or write it in several transactions with "
            "--in-batches (not atomic: if it stops half-way, run it again to complete it; docs/operations.md, "
            "\"Imports at full scale\").")
        self.needed, self.allowed, self.setting = needed, allowed, setting


class ImportIncomplete(AllianzError):
    """An import in batches stopped after some of its transactions: the graph holds part of it."""

    def __init__(self, number, total, cause):
        super().__init__(f"the import in batches stopped in transaction {number} of {total} ({cause}); the graph "
                         "holds what the transactions before it wrote (that one too if the connection broke while it "
                         "committed; no deletion of a --replace happens before every row is written). Run the same "
                         "import again with --in-batches to complete it.")
        self.number, self.total, self.cause = number, total, cause


class ImportUndone(AllianzError):
    """An import into a graph without data, written in several transactions, stopped; what it wrote was removed."""

    def __init__(self, number, total, cause):
        super().__init__(f"the import into the empty graph stopped in transaction {number} of {total} ({cause}); "
                         "what it had written was removed again, so the graph holds no imported data, as before. "
                         "Run the same import again.")
        self.number, self.total = number, total


class ImportOutcomeUnknown(AllianzError):
    """The connection broke while an import committed, and Neo4j could not be asked afterwards."""

    def __init__(self, run, cause):
        super().__init__(f"the connection to Neo4j broke while import {run} was committing ({cause}), and Neo4j "
                         "could not be asked afterwards whether it was written. When Neo4j is back, run the same "
                         "import again: if it was written, the second run changes nothing.")
        self.run = run
