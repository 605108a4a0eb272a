"""Commands of the matching package, added to the `allianz` group: `allianz match --batch FILE`."""
import json
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from tqdm import tqdm

from ..exceptions import AllianzError
from .model import QueryError


@click.command("match")
@click.option("--batch", "batch", required=True, type=click.File("r", encoding="utf-8"),
              help="JSON lines, one query a line ('-' for standard input).")
@click.option("--no-reasons", is_flag=True, help="Leave the reasons out (faster).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Language of the reasons.")
@with_appcontext
def match_command(batch, no_reasons, lang):
    """Answer matching queries: JSON lines in (FILE), JSON lines out (stdout, same order), progress on stderr."""
    # the reasons are texts in the UI language: give them a request context of their own
    with current_app.test_request_context("/"), force_locale(lang):
        run_batch(batch, no_reasons)


def run_batch(batch, no_reasons):
    """Answer every line of `batch` in order."""
    from .service import answer, current_index

    lines = batch.readlines()
    started = time.perf_counter()
    try:
        index = current_index(wait=True)
    except AllianzError as error:
        click.secho(f"matching failed: {error}", fg="red", err=True)
        sys.exit(1)
    indexed = time.perf_counter()
    failed = 0
    for number, line in enumerate(tqdm(lines, desc="match", unit="q", file=sys.stderr, leave=False), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            failed += 1
            click.echo(json.dumps({"id": None, "line": number, "error": f"line {number}: not JSON: {error.msg}"}))
            continue
        try:
            # the batch prints neither the breakdown nor the evidence: leave them out
            result = answer(raw, index, with_reasons=not no_reasons, detail=False)
        except QueryError as error:
            failed += 1
            qid = raw.get("id") if isinstance(raw, dict) else None
            click.echo(json.dumps({"id": qid, "line": number, "error": f"line {number}: {error}",
                                   "unknown_competencies": error.unknown_needs, "unknown_fields": error.unknown_fields},
                                  ensure_ascii=False))
            continue
        candidates = [{key: c[key] for key in ("partner", "score", "reasons", "factors") if key in c}
                      for c in result["candidates"]]
        click.echo(json.dumps({"id": result["id"], "candidates": candidates}, ensure_ascii=False))
    seconds = time.perf_counter() - indexed
    click.echo(f"{len(lines)} queries answered ({failed} with errors) in {seconds:.2f} s, "
               f"after {indexed - started:.2f} s for the index", err=True)


commands = [match_command]
