"""A small TCP forwarder on 127.0.0.1 that a test can cut and restore, to stage a database outage.

It stands between the app and the real Neo4j: while cut, it drops every open connection and refuses
new ones, exactly what the app sees when the server goes down.
"""
import socket
import threading


class TcpProxy:
    """Forward 127.0.0.1:<port> to `target` until `cut()`; `restore()` lets connections through again."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.listener = None
        self.port = None
        self.connections = set()
        self.lock = threading.Lock()
        self.running = False

    def start(self):
        """Listen on a free port and accept connections in the background."""
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port or 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self):
        listener = self.listener
        while self.running:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()

    def cut(self):
        """Drop every connection and stop listening: the database is 'down'."""
        self.stop_listening()
        with self.lock:
            for connection in self.connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                connection.close()
            self.connections.clear()

    def stop_listening(self):
        """Close the listening socket (shutdown first: on Linux, that wakes a blocked accept)."""
        self.running = False
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()

    def restore(self):
        """Listen again on the same port: the database is 'back'."""
        self.start()
