"""The local Neo4j the project manages: fetch its jars, write neo4j.conf, start, stop, status.

The server is Neo4j Community 5.26 LTS itself (`org.neo4j:neo4j` from Maven Central), run by its
own entry point on the machine's JDK. Jars live in `.allianz/neo4j/lib`; each instance (`dev` for
the app, `test` for the test suite) has its own conf, data, logs and pid file beside them.
Used only when no NEO4J_URI is configured.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import neo4j

NEO4J_VERSION = "5.26.31"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
POM = Path(__file__).resolve().parent.parent / "neo4j" / "pom.xml"
JVM_OPTIONS = [
    "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
]
CONF_TEMPLATE = """\
# Written by `allianz db start` for the local instance "{instance}"; edits are overwritten.
# Local only: bound to loopback, authentication off. Never expose this server.
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:{bolt_port}
server.bolt.advertised_address=127.0.0.1:{bolt_port}
server.http.listen_address=127.0.0.1:{http_port}
server.http.advertised_address=127.0.0.1:{http_port}
server.https.enabled=false
dbms.security.auth_enabled=false
dbms.usage_report.enabled=false
# The heap grows from 512 MB up to its maximum (ALLIANZ_LOCAL_NEO4J_HEAP, by default an eighth of the
# machine's memory, 1-4 GB); transactions may use Neo4j's default 70 % of it together
# (dbms.memory.transaction.total.max), which the importer checks before it writes.
server.memory.heap.initial_size=512m
server.memory.heap.max_size={heap}
server.memory.pagecache.size={pagecache}
server.jvm.additional=-XX:+UseG1GC
db.tx_log.rotation.retention_policy=2 files
server.directories.data={data}
server.directories.logs={logs}
server.directories.run={run}
server.directories.import={home}/import
server.directories.plugins={home}/plugins
"""


def machine_memory():
    """Bytes of memory this machine has (0 when the system does not tell)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 0


def default_heap(memory=None):
    """The local server's heap when none is configured: an eighth of the machine's memory, in steps of
    256 MB, at least 1 GB and at most 4 GB (24 GB → 3 GB, so about 2.1 GB of transaction memory)."""
    megabytes = (machine_memory() if memory is None else memory) // 8 // 2**20 // 256 * 256
    return f"{min(max(megabytes, 1024), 4096)}m"


class LocalNeo4jError(Exception):
    """Something stops the local Neo4j; the message says what and how to fix it."""


class LocalNeo4j:
    """One local Neo4j instance under `root/instance`, sharing the jars in `root/lib`."""

    def __init__(self, root, instance="dev", bolt_port=7687, http_port=7474, heap="1g", pagecache="512m"):
        self.root = Path(root).resolve()
        self.lib = self.root / "lib"
        self.instance = instance
        self.home = self.root / instance
        self.conf_dir = self.home / "conf"
        self.data = self.home / "data"
        self.logs = self.home / "logs"
        self.run_dir = self.home / "run"
        self.pid_file = self.run_dir / "allianz-neo4j.pid"
        self.bolt_port = int(bolt_port)
        self.http_port = int(http_port)
        self.heap = heap
        self.pagecache = pagecache

    @classmethod
    def from_config(cls, config):
        """The local instance that a Flask config describes."""
        return cls(config["LOCAL_NEO4J_ROOT"], config["LOCAL_NEO4J_INSTANCE"], config["LOCAL_NEO4J_BOLT_PORT"],
                   config["LOCAL_NEO4J_HTTP_PORT"], config["LOCAL_NEO4J_HEAP"], config["LOCAL_NEO4J_PAGECACHE"])

    @property
    def bolt_uri(self):
        """Where the instance answers Bolt."""
        return f"bolt://127.0.0.1:{self.bolt_port}"

    # -- jars -------------------------------------------------------------------------------
    def jars_present(self):
        """Tell whether the server's jars have been fetched completely."""
        marker = self.lib / ".complete"
        return marker.exists() and marker.read_text().strip() == NEO4J_VERSION

    def fetch(self, echo=print):
        """Fetch Neo4j's jars from Maven Central once (about 123 MB the first time)."""
        if self.jars_present():
            return False
        mvn = shutil.which("mvn")
        if not mvn:
            raise LocalNeo4jError("Maven (mvn) is not installed; it fetches Neo4j's jars.\n"
                                  "Fix: run bin/setup, or: sudo apt-get install -y maven")
        echo(f"Fetching Neo4j {NEO4J_VERSION} from Maven Central into {self.lib} (once, about 123 MB) …")
        if self.lib.exists():
            shutil.rmtree(self.lib)
        self.lib.mkdir(parents=True)
        done = subprocess.run([mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
                               f"-DoutputDirectory={self.lib}"], capture_output=True, text=True)
        if done.returncode != 0 or not any(self.lib.glob("neo4j-*.jar")):
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise LocalNeo4jError(f"Maven could not fetch Neo4j's jars:\n{tail}\n"
                                  "Fix: check that Maven Central is reachable (proxy settings in ~/.m2/settings.xml), "
                                  "then run `allianz db start` again.")
        (self.lib / ".complete").write_text(NEO4J_VERSION + "\n")
        return True

    # -- java -------------------------------------------------------------------------------
    @staticmethod
    def java():
        """The java binary to run Neo4j with (JAVA_HOME first), checked to be Java 17 or newer."""
        java_home = os.environ.get("JAVA_HOME")
        java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
        if not java or not Path(java).exists():
            raise LocalNeo4jError("No Java runtime found; Neo4j 5 needs Java 17 or 21.\n"
                                  "Fix: run bin/setup, or: sudo apt-get install -y openjdk-17-jdk-headless")
        out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
        found = re.search(r'version "(\d+)', out)
        major = int(found.group(1)) if found else 0
        if major < 17:
            raise LocalNeo4jError(f"{java} is Java {major or '?'}; Neo4j 5 needs Java 17 or 21.\n"
                                  "Fix: sudo apt-get install -y openjdk-17-jdk-headless, or set JAVA_HOME to a JDK 17.")
        return java

    # -- process ----------------------------------------------------------------------------
    def pid(self):
        """The process id of this instance's running server, or None (a stale pid file is removed)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            cmdline = ""
        if ENTRY_POINT in cmdline and str(self.conf_dir) in cmdline:
            return pid
        self.pid_file.unlink(missing_ok=True)
        return None

    @staticmethod
    def port_in_use(port):
        """Tell whether something listens on 127.0.0.1:`port`."""
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(0.5)
            return probe.connect_ex(("127.0.0.1", port)) == 0

    def write_conf(self):
        """Write this instance's neo4j.conf and create its folders."""
        for folder in (self.conf_dir, self.data, self.logs, self.run_dir, self.home / "import", self.home / "plugins"):
            folder.mkdir(parents=True, exist_ok=True)
        (self.conf_dir / "neo4j.conf").write_text(CONF_TEMPLATE.format(
            instance=self.instance, bolt_port=self.bolt_port, http_port=self.http_port, heap=self.heap,
            pagecache=self.pagecache, data=self.data, logs=self.logs, run=self.run_dir, home=self.home))

    def log_tail(self, lines=20):
        """The last lines of Neo4j's own log (and of the console output, if that says more)."""
        parts = []
        for name in ("neo4j.log", "console.log"):
            path = self.logs / name
            if path.exists():
                text = path.read_text(errors="replace").strip().splitlines()[-lines:]
                parts.append(f"--- {path} ---\n" + "\n".join(text))
        return "\n".join(parts) or "(Neo4j wrote no log)"

    def answers(self, timeout=2.0):
        """Tell whether Bolt answers a query on the default database."""
        if not self.port_in_use(self.bolt_port):
            return False
        try:
            with neo4j.GraphDatabase.driver(self.bolt_uri, auth=None, connection_timeout=timeout,
                                            max_transaction_retry_time=0,
                                            notifications_min_severity="OFF") as driver:
                driver.execute_query("RETURN 1", database_="neo4j")
            return True
        except Exception:  # noqa: BLE001 - any failure means "not yet"
            return False

    def start(self, timeout=180, echo=print):
        """Start the server unless it runs; return once Bolt answers. Returns False if it already ran."""
        if self.pid():
            self.wait_until_answering(timeout)  # it may be starting in another process right now
            return False
        self.fetch(echo)
        java = self.java()
        for port, what in ((self.bolt_port, "Bolt"), (self.http_port, "HTTP")):
            if self.port_in_use(port):
                raise LocalNeo4jError(
                    f"Port {port} ({what}) on 127.0.0.1 is taken by another program (another Neo4j?).\n"
                    f"Fix: stop that program, or choose other ports with ALLIANZ_LOCAL_NEO4J_BOLT_PORT / "
                    f"ALLIANZ_LOCAL_NEO4J_HTTP_PORT (or point NEO4J_URI at that server if it is a Neo4j you want).")
        self.write_conf()
        console = open(self.logs / "console.log", "ab")  # noqa: SIM115 - handed to the child
        command = [java, f"-Xms{'512m'}", f"-Xmx{self.heap}", *JVM_OPTIONS, "-cp", f"{self.lib}/*", ENTRY_POINT,
                   f"--home-dir={self.home}", f"--config-dir={self.conf_dir}"]
        process = subprocess.Popen(command, cwd=self.home, stdout=console, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        console.close()
        self.pid_file.write_text(f"{process.pid}\n")
        echo(f"Starting Neo4j {NEO4J_VERSION} ({self.instance}) on {self.bolt_uri}, pid {process.pid} …")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise LocalNeo4jError(f"Neo4j stopped during its start (exit code {process.returncode}).\n"
                                      f"{self.log_tail()}\n"
                                      "Fix: read the log above; `allianz db status` shows the folders.")
            if self.answers():
                return True
            time.sleep(0.5)
        raise LocalNeo4jError(f"Neo4j did not answer on {self.bolt_uri} within {timeout} s.\n{self.log_tail()}\n"
                              "Fix: read the log above; stop it with `allianz db stop`.")

    def wait_until_answering(self, timeout):
        """Wait until the running server answers Bolt (or its process ends)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid():
            if self.answers():
                return
            time.sleep(0.5)

    def stop(self, timeout=120, echo=print):
        """Send SIGTERM to this instance's server and wait until it has stopped. False if it did not run."""
        pid = self.pid()
        if not pid:
            return False
        echo(f"Stopping Neo4j ({self.instance}), pid {pid} …")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not Path(f"/proc/{pid}").exists() or _is_zombie(pid):
                self.pid_file.unlink(missing_ok=True)
                return True
            time.sleep(0.3)
        raise LocalNeo4jError(f"Neo4j (pid {pid}) did not stop within {timeout} s.\n{self.log_tail()}\n"
                              f"Fix: wait and run `allianz db stop` again; `kill -9 {pid}` only as a last resort "
                              "(it forces store recovery at the next start).")

    def store_size(self):
        """Bytes this instance's data folder takes on disk."""
        if not self.data.exists():
            return 0
        return sum(path.stat().st_blocks * 512 for path in self.data.rglob("*") if path.is_file())

    def status(self):
        """What `allianz db status` reports: running, pid, address, version, store size, folders."""
        pid = self.pid()
        version = None
        if pid and self.answers():
            with neo4j.GraphDatabase.driver(self.bolt_uri, auth=None, connection_timeout=2) as driver:
                records, _, _ = driver.execute_query(
                    "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition AS e",
                    database_="system")
                version = f"{records[0]['v']} {records[0]['e']}"
        return {"instance": self.instance, "running": bool(pid), "pid": pid, "address": self.bolt_uri,
                "http": f"http://127.0.0.1:{self.http_port}", "version": version,
                "store_bytes": self.store_size(), "home": str(self.home), "jars": self.jars_present()}


def _is_zombie(pid):
    """Tell whether `pid` has exited but not been reaped (its parent may be us)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (OSError, IndexError):
        return True
    if state == "Z":
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        return True
    return False
