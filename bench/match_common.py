"""The matching benchmarks' own Neo4j: instance, Bolt and HTTP port from the environment.

ALLIANZ_BENCH_NEO4J_INSTANCE / _BOLT_PORT / _HTTP_PORT choose it (default: bench-matching, 7692, 7479), so
parallel work can use its own. `bench_env()` is the environment for `allianz` subprocesses on it.
"""
import os

BENCH = {"instance": os.environ.get("ALLIANZ_BENCH_NEO4J_INSTANCE", "bench-matching"),
         "bolt_port": int(os.environ.get("ALLIANZ_BENCH_NEO4J_BOLT_PORT", "7692")),
         "http_port": int(os.environ.get("ALLIANZ_BENCH_NEO4J_HTTP_PORT", "7479"))}


def bench_env(**extra):
    """The environment for an `allianz` subprocess on the benchmark Neo4j (plus `extra` variables)."""
    return dict(os.environ, ALLIANZ_LOCAL_NEO4J_INSTANCE=BENCH["instance"],
                ALLIANZ_LOCAL_NEO4J_BOLT_PORT=str(BENCH["bolt_port"]),
                ALLIANZ_LOCAL_NEO4J_HTTP_PORT=str(BENCH["http_port"]), **extra)
