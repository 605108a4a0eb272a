"""Mail leaves the request: the outbox, a background sender per process with retries and a dead-letter log.

    from allianz import outbox
    outbox.send(to, subject, body)      # a mail: queued when an SMTP server is configured
    outbox.submit(task, key=...)        # a function that sends mail (the notification mails), run in the background

The request only queues: a slow or hanging SMTP server never slows a write, and a mail that fails never
turns a committed write into an error. The sender thread tries each mail `MAIL_ATTEMPTS` times (waiting
`MAIL_RETRY_SECONDS` × 1, 2, 4 … in between); a mail that still fails is written to the dead-letter log
(`MAIL_DEAD_LETTER_FILE`, one JSON line: time, recipient, subject, error — never the body, which may hold a
reset link) and to the app's error log. Notification mails are not lost either way: a notification is
marked mailed only after its mail went out, so the next pass (or the daily digest) sends it again.

Without `MAIL_SERVER` a mail is written to the log at once (no network, nothing to wait for), and the page
can show it to the coordinator, as before. A task submitted with a `key` (a notification pass) is not queued again
while one with that key waits to start: the waiting one, when it runs, covers every write before it, so however
many writes come in a burst, at most one pass runs and one waits; notification passes also wait
`MAIL_BATCH_SECONDS` (default 3) after the write, so a lively discussion gives each person one mail, not one per
comment (16 writers commenting as fast as they could
queued one pass per comment before, each re-reading what the one before had just sent). `wait_until_sent()` lets
tests and the command line wait until the queue is empty. Mail is I/O, not computation: a thread is the embedded
runner's right tool for it (the computation jobs of `allianz.jobs` run in processes); docs/operations.md says more.
"""
import json
import queue
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app

from .mail import MailFailed, send_mail

_outboxes = []
_outboxes_lock = threading.Lock()
EXTENSION_KEY = "allianz.outbox"


class Outbox:
    """One app's queue of mail work and the thread that does it."""

    def __init__(self, app):
        self.app = app
        self.tasks = queue.Queue()
        self.idle = threading.Event()
        self.idle.set()
        self.pending = 0
        self.waiting = set()  # the keys of tasks queued and not started yet
        self.lock = threading.Lock()
        self.thread = None

    def put(self, task, label, key=None, delay=0.0):
        """Queue `task()` (run in the app's context), after `delay` seconds when given, unless a task of the same
        `key` waits to start already; start the sender thread when needed. Returns whether it was queued."""
        with self.lock:
            if key is not None:
                if key in self.waiting:
                    return False
                self.waiting.add(key)
            self.pending += 1
            self.idle.clear()
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="allianz-outbox", daemon=True)
                self.thread.start()
        if delay > 0:
            timer = threading.Timer(delay, self.tasks.put, ((task, label, key),))
            timer.daemon = True
            timer.start()
        else:
            self.tasks.put((task, label, key))
        return True

    def run(self):
        """The sender: take tasks one by one, forever (a daemon thread ends with the process)."""
        while True:
            task, label, key = self.tasks.get()
            with self.lock:
                self.waiting.discard(key)
            try:
                with self.app.app_context():
                    self.attempt(task, label)
            finally:
                with self.lock:
                    self.pending -= 1
                    if self.pending == 0:
                        self.idle.set()

    def attempt(self, task, label):
        """Run `task` up to MAIL_ATTEMPTS times; a last failure goes to the dead-letter log."""
        config = self.app.config
        attempts = max(1, int(config.get("MAIL_ATTEMPTS", 3)))
        wait = float(config.get("MAIL_RETRY_SECONDS", 5))
        for number in range(1, attempts + 1):
            try:
                task()
                return
            except Exception as error:  # noqa: BLE001 - any failure of a mail is retried, then recorded
                if number < attempts:
                    self.app.logger.warning("mail %s failed (attempt %d of %d), retrying: %s",
                                            label["subject"], number, attempts, error)
                    time.sleep(wait * 2 ** (number - 1))
                else:
                    dead_letter(self.app, label, error, attempts)


def dead_letter(app, label, error, attempts):
    """Record a mail that could not be sent: the error log and one JSON line in the dead-letter file."""
    app.logger.error("mail to %s (%s) given up after %d attempts: %s", label["to"], label["subject"], attempts,
                     error)
    path = app.config.get("MAIL_DEAD_LETTER_FILE")
    if not path:
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "to": label["to"],
            "subject": label["subject"], "attempts": attempts, "error": str(error)}
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def forget_recipient(app, email):
    """Remove the dead-letter lines of mails to `email` (an erased account); returns how many went."""
    path = app.config.get("MAIL_DEAD_LETTER_FILE")
    if not path or not email or not Path(path).exists():
        return 0
    path = Path(path)
    kept, removed = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            recipient = json.loads(line).get("to")
        except ValueError:
            recipient = None
        if isinstance(recipient, str) and recipient.strip().lower() == email:
            removed += 1
        else:
            kept.append(line)
    if removed:
        path.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
    return removed


def outbox_of(app):
    """The app's outbox (made on first use)."""
    found = app.extensions.get(EXTENSION_KEY)
    if found is None:
        with _outboxes_lock:
            found = app.extensions.get(EXTENSION_KEY)
            if found is None:
                found = app.extensions[EXTENSION_KEY] = Outbox(app)
                _outboxes.append(found)
    return found


def send(to, subject, body):
    """Send a mail without waiting for the SMTP server; returns it as `send_mail` does (`via`: "queued",
    or "log" when no server is configured and it was logged at once)."""
    app = current_app._get_current_object()
    if not app.config.get("MAIL_SERVER"):
        return send_mail(to, subject, body)

    def deliver():
        send_mail(to, subject, body)
    outbox_of(app).put(deliver, {"to": to, "subject": subject})
    return {"to": to, "subject": subject, "body": body, "sender": app.config.get("MAIL_FROM"), "via": "queued"}


def submit(task, description="notification mails", key=None, delay=0.0):
    """Run `task()` (which sends mail and raises MailFailed when it could not) in the background, `delay` seconds
    from now; with a `key`, not when a task of that key waits to start already (it will do the same work, later
    than this call)."""
    app = current_app._get_current_object()
    outbox_of(app).put(task, {"to": "(several)", "subject": description}, key=key, delay=delay)


def queued():
    """How many mail tasks of this app wait or run now."""
    return outbox_of(current_app._get_current_object()).pending


def wait_until_sent(timeout=30):
    """Wait until every outbox of this process is empty; True when it is (False after `timeout` s)."""
    deadline = time.monotonic() + timeout
    for box in list(_outboxes):
        if not box.idle.wait(max(0.0, deadline - time.monotonic())):
            return False
    return True


__all__ = ["MailFailed", "queued", "send", "submit", "wait_until_sent"]
