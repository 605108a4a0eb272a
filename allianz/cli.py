"""The `allianz` command: db start|stop|status|migrate, seed, import, export (plus Flask's run, shell, routes)."""
import sys
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from . import create_app, migrations
from .db import get_graph
from .exceptions import (
    AllianzError,
    ImportConflict,
    ImportIncomplete,
    ImportOutcomeUnknown,
    ImportRejected,
    ImportUndone,
)
from .exchange import synthetic
from .exchange.loader import import_folder
from .exchange.writer import export_folder
from .localdb import LocalNeo4j, LocalNeo4jError
from .security import hide_dev_server_version

DEMO_DIR = Path(__file__).resolve().parent / "demo"
IN_BATCHES_HELP = ("When the import is too large for one transaction of the server: write it in several, each "
                   "within the limit, rows first and deletions last, with progress. NOT atomic: visitors may see "
                   "it half-done, and if it stops, the graph holds part of it until the same import is run again "
                   "(which completes it). An import that fits is still written in one transaction.")


def fail(message):
    """Print `message` on stderr and exit with status 1."""
    click.secho(message, fg="red", err=True)
    sys.exit(1)


def local_server():
    """The local Neo4j of the current app, or None when NEO4J_URI points elsewhere."""
    if current_app.config.get("NEO4J_URI"):
        return None
    return LocalNeo4j.from_config(current_app.config)


def apply_migrations():
    """Apply pending schema migrations to the app's graph and say what was done."""
    done = migrations.migrate(get_graph(), current_app.config["CYPHER_DIR"], echo=click.echo)
    version = migrations.schema_version(get_graph())
    click.echo(f"schema at version {version}" + (f" (applied {', '.join(done)})" if done else " (up to date)"))


@click.group(cls=FlaskGroup, create_app=lambda: create_app(), add_version_option=False)
def main():
    """Allianz: the collaboration network of the smart-city alliance."""


def register_domain_commands():
    """Add the commands that domain packages bring (each package keeps its own `cli.py`)."""
    from .accounts.cli import commands as account_commands
    from .matching.cli import commands as matching_commands
    from .notifications.cli import commands as notification_commands
    from .privacy.cli import commands as privacy_commands

    for command in [*matching_commands, *account_commands, *notification_commands, *privacy_commands]:
        main.add_command(command)


@main.group()
def db():
    """The database: a local Neo4j the project manages, or the one NEO4J_URI names."""


@db.command()
@with_appcontext
def start():
    """Start the local Neo4j (fetching it once), wait until Bolt answers, apply pending migrations."""
    server = local_server()
    try:
        if server is None:
            click.echo(f"NEO4J_URI is set ({current_app.config['NEO4J_URI']}): "
                       "Allianz uses that server and starts none of its own.")
        elif not server.start(echo=click.echo):
            click.echo(f"Neo4j ({server.instance}) is already running on {server.bolt_uri} (pid {server.pid()}).")
        else:
            click.echo(f"Neo4j ({server.instance}) answers on {server.bolt_uri}.")
        apply_migrations()
    except (LocalNeo4jError, AllianzError) as error:
        fail(str(error))


@db.command()
@with_appcontext
def fetch():
    """Fetch the local Neo4j's jars from Maven Central (once; `start` does it too)."""
    server = local_server()
    if server is None:
        click.echo("NEO4J_URI is set: no local Neo4j to fetch.")
        return
    try:
        if not server.fetch(echo=click.echo):
            click.echo(f"Neo4j's jars are in {server.lib}.")
    except LocalNeo4jError as error:
        fail(str(error))


@db.command()
@with_appcontext
def stop():
    """Stop the local Neo4j cleanly (SIGTERM, then wait until it has stopped)."""
    server = local_server()
    if server is None:
        fail("NEO4J_URI is set: Allianz does not manage that server, so it does not stop it.")
    try:
        if server.stop(echo=click.echo):
            click.echo("Neo4j stopped.")
        else:
            click.echo(f"Neo4j ({server.instance}) is not running.")
    except LocalNeo4jError as error:
        fail(str(error))


@db.command()
@with_appcontext
def status():
    """Report the database: version, address, process, store size, schema version."""
    server = local_server()
    if server is not None:
        info = server.status()
        click.echo(f"local Neo4j ({info['instance']}): {'running' if info['running'] else 'stopped'}")
        click.echo(f"  address:  {info['address']}  (HTTP {info['http']})")
        click.echo(f"  process:  {info['pid'] or '-'}")
        click.echo(f"  version:  {info['version'] or '-'}")
        click.echo(f"  store:    {info['store_bytes'] / 1e6:.1f} MB in {info['home']}")
        if not info["running"]:
            click.echo("  start it with: allianz db start")
            return
    else:
        click.echo(f"Neo4j at {current_app.config['NEO4J_URI']} (NEO4J_URI)")
    try:
        component = get_graph().ping()
        click.echo(f"  server:   {component.get('name')} {component.get('version')} {component.get('edition')}")
        click.echo(f"  schema:   {migrations.schema_version(get_graph()) or 'none (run: allianz db migrate)'}")
    except AllianzError as error:
        fail(f"  unreachable: {error}")


@db.command()
@with_appcontext
def migrate():
    """Apply pending migrations from cypher/ (each runs exactly once)."""
    try:
        apply_migrations()
    except AllianzError as error:
        fail(str(error))


def run_import(folder, replace, overwrite_app_data=False, in_batches=False):
    """Import an exchange folder into the app's graph, printing problems or counts (and, in batches, progress)."""
    try:
        apply_migrations()
        data = import_folder(get_graph(), folder, replace=replace, overwrite_app_data=overwrite_app_data,
                             batch_size=current_app.config["IMPORT_BATCH_SIZE"], progress=True,
                             in_batches=in_batches, report=click.echo)
    except ImportRejected as rejected:
        for problem in rejected.problems:
            click.echo(problem, err=True)
        fail(f"{len(rejected.problems)} problem(s) found; nothing was written.")
    except (ImportConflict, ImportIncomplete, ImportUndone, ImportOutcomeUnknown) as error:
        fail(f"import not done: {error}")
    except AllianzError as error:
        fail(f"import failed, nothing was written: {error}")
    for warning in data.warnings:
        click.echo(f"{warning} (warning)", err=True)
    click.echo("imported " + ", ".join(f"{count} {name}" for name, count in data.counts().items()))
    if replace:
        kept = ", ".join(f"{count} {name}" for name, count in data.kept.items())
        click.echo(f"kept the app's own data: {kept or 'none there'}")
    if data.overwritten:
        click.echo(f"overwrote {data.overwritten} of the app's own partners or projects (each change audited)")


@main.command("import")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True,
              help="Remove the partners, projects, competencies and fields the folder does not list "
                   "(people, memberships, contacts, the audit trail and ideas made in the app are kept).")
@click.option("--overwrite-app-data", is_flag=True,
              help="Overwrite partners and projects that were created or changed in the app (refused otherwise, "
                   "naming file and line); each such change is audited.")
@click.option("--in-batches", is_flag=True, help=IN_BATCHES_HELP)
@with_appcontext
def import_command(folder, replace, overwrite_app_data, in_batches):
    """Import an exchange-format FOLDER (validated completely first; all or nothing unless --in-batches)."""
    run_import(folder, replace, overwrite_app_data, in_batches)


@main.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export_command(folder):
    """Export the graph to FOLDER in the exchange format."""
    try:
        counts = export_folder(get_graph(), folder)
    except AllianzError as error:
        fail(f"export failed: {error}")
    click.echo(f"exported to {folder}: " + ", ".join(f"{count} {name}" for name, count in counts.items()))


@main.command()
@click.argument("dataset", type=click.Choice(["demo", "synthetic"]))
@click.option("--if-empty", is_flag=True, help="Load it only when the graph holds no partner yet.")
@click.option("--partners", type=click.IntRange(1, 1_000_000), default=1000, show_default=True,
              help="synthetic: how many partners.")
@click.option("--seed", "seed_value", type=int, default=1, show_default=True,
              help="synthetic: the random seed (the same seed and size give the same files).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="synthetic: write the exchange folder here instead of importing it.")
@click.option("--in-batches", is_flag=True, help=IN_BATCHES_HELP)
@with_appcontext
def seed(dataset, if_empty, partners, seed_value, out, in_batches):
    """Load a data set, replacing the graph's: `demo` (the invented Musterstadt alliance shipped with Allianz) or
    `synthetic` (an alliance of --partners partners shaped like the CORDIS data, from --seed; with --out only
    written as an exchange folder)."""
    if dataset == "synthetic" and out is not None:
        counts = synthetic.write(out, partners, seed_value)
        click.echo(f"wrote {out}: " + ", ".join(f"{count} {name}" for name, count in counts.items())
                   + f" (import it with: allianz import {out})")
        return
    if if_empty:
        try:
            existing = get_graph().query("RETURN COUNT { (:Partner) } AS n")[0]["n"]
        except AllianzError as error:
            fail(str(error))
        if existing:
            click.echo(f"The graph holds {existing} partners already; the {dataset} data was not loaded.")
            return
    if dataset == "synthetic":
        with tempfile.TemporaryDirectory() as folder:
            synthetic.write(folder, partners, seed_value)
            run_import(Path(folder), replace=True, in_batches=in_batches)
        return
    run_import(DEMO_DIR, replace=True, in_batches=in_batches)
    from .accounts.demo import ensure_demo_accounts
    try:
        created, refused = ensure_demo_accounts(current_app.config["ENV"])
    except AllianzError as error:
        fail(f"demo log-ins not created: {error}")
    if refused:
        click.echo(refused)
    elif created:
        click.echo(f"demo log-ins created: {', '.join(created)} (passwords: see README, 'Demo log-ins')")


@main.group("jobs")
def jobs_group():
    """Background jobs on several hosts (with ALLIANZ_REDIS_URL): the RQ queue's workers."""


@jobs_group.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def jobs_worker(burst):
    """Work off the job queue on the Redis of ALLIANZ_REDIS_URL (run one or more per host, e.g. under systemd)."""
    if not current_app.config.get("REDIS_URL"):
        fail("ALLIANZ_REDIS_URL is not set: without it every web worker runs its jobs in its own job process.")
    from . import jobs
    jobs.work_queue(current_app.config, burst=burst)


register_domain_commands()
hide_dev_server_version()
