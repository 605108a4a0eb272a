"""Results computed once per revision and shared by every worker and host: a store keyed by what they were made of.

    value = shared.store().once(("matching-index", generation, revision, day), compute)

The first caller of a key computes it (holding the key's lock, so that no other worker or host computes it at the
same time: they wait and then load it) and saves it; everyone after loads it. Two stores, chosen by one setting:

- `DiskStore` (the default, nothing to install or start): a folder on this machine (SHARED_CACHE_DIR, default
  `.allianz/cache` beside the code), one sub-folder per key; the lock is a lock file (`fcntl.flock`). A value is
  pickled with its numpy arrays saved apart (`np.save`) and loaded memory-mapped (`np.load(mmap_mode="r")`), so the
  matcher's large matrices live once in the page cache and are not copied into every worker. Only the newest
  `DISK_KEPT` results of a kind are kept.
- `RedisStore` when ALLIANZ_REDIS_URL is set (several hosts): the value pickled in Redis (a day at most), the lock a
  Redis lock (`redis.lock.Lock`, given up after `LOCK_SECONDS` if its holder died).
"""
import fcntl
import hashlib
import io
import os
import pickle
import shutil
import time
from pathlib import Path

import numpy as np
from flask import current_app

from .jobs import paused_gc

EXTENSION = "allianz.shared"
LOCK_SECONDS = 600      # a computation holding a key's lock longer than this is taken for dead (Redis)
WAIT_SECONDS = 600      # how long a second caller waits for the first one's result before computing it itself
DISK_KEPT = 4           # results kept per kind on disk (the newest)
REDIS_TTL = 24 * 3600   # seconds a result stays in Redis
ARRAY_FROM = 64 * 1024  # bytes: numpy arrays at least this large are saved apart and memory-mapped when loaded


def digest(key):
    """A file- and key-safe name of `key` (a tuple of plain values)."""
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


class _ArrayPickler(pickle.Pickler):
    """Pickles a value with its large numpy arrays left out, each saved by `np.save` into `folder`."""

    def __init__(self, file, folder):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.folder = folder
        self.count = 0

    def persistent_id(self, obj):
        if type(obj) is np.ndarray and obj.nbytes >= ARRAY_FROM and obj.dtype != object:
            name = f"array-{self.count}.npy"
            self.count += 1
            np.save(self.folder / name, obj, allow_pickle=False)
            return name
        return None


class _ArrayUnpickler(pickle.Unpickler):
    """Loads what `_ArrayPickler` saved, the arrays memory-mapped (read-only)."""

    def __init__(self, file, folder):
        super().__init__(file)
        self.folder = folder

    def persistent_load(self, pid):
        return np.load(self.folder / pid, mmap_mode="r", allow_pickle=False)


class DiskStore:
    """Results in a folder of this machine, one computation per key across this machine's processes."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.computed = 0   # how many values this process computed (not loaded): for tests and benchmarks

    def place(self, key):
        """The folder of `key`'s result."""
        return self.folder / str(key[0]) / digest(key)

    def get(self, key):
        """The value saved under `key`, or None."""
        found = self.load(self.place(key))
        return None if found is None else found[0]

    def once(self, key, compute, wait=WAIT_SECONDS):
        """The value saved under `key`, or `compute()` saved there by the first caller (the others wait for it)."""
        place = self.place(key)
        found = self.load(place)
        if found is not None:
            return found[0]
        place.parent.mkdir(parents=True, exist_ok=True)
        with open(place.parent / f"{place.name}.lock", "w") as lock:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        return compute()   # the other one is stuck: compute without saving
                    time.sleep(0.05)
            try:
                found = self.load(place)
                if found is not None:
                    return found[0]
                value = compute()
                self.computed += 1
                self.save(place, value)
                return value
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def load(self, place):
        """(the value saved at `place`,) or None when there is none."""
        if not (place / "value.pickle").exists():
            return None
        with open(place / "value.pickle", "rb") as file, paused_gc():
            return (_ArrayUnpickler(file, place).load(),)

    def save(self, place, value):
        """Save `value` at `place` (written aside, then renamed: a reader sees all of it or nothing); keep only the
        newest DISK_KEPT results of its kind."""
        aside = place.parent / f".{place.name}.{os.getpid()}"
        shutil.rmtree(aside, ignore_errors=True)
        aside.mkdir(parents=True)
        buffer = io.BytesIO()
        _ArrayPickler(buffer, aside).dump(value)
        (aside / "value.pickle").write_bytes(buffer.getvalue())
        shutil.rmtree(place, ignore_errors=True)
        aside.rename(place)
        kept = sorted((p for p in place.parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[DISK_KEPT:]:
            shutil.rmtree(old, ignore_errors=True)   # a worker that mapped its arrays keeps them until it lets go


class RedisStore:
    """Results in Redis, one computation per key across every host that uses the same Redis."""

    def __init__(self, url):
        import redis  # noqa: I001 - only needed with ALLIANZ_REDIS_URL
        self.redis = redis.Redis.from_url(url)
        self.computed = 0

    @staticmethod
    def name(key):
        """The Redis key of `key`'s result."""
        return f"allianz:result:{key[0]}:{digest(key)}"

    def get(self, key):
        """The value stored under `key`, or None."""
        blob = self.redis.get(self.name(key))
        if blob is None:
            return None
        with paused_gc():
            return pickle.loads(blob)

    def once(self, key, compute, wait=WAIT_SECONDS):
        """The value stored under `key`, or `compute()` stored there by the first caller (the others wait for it)."""
        name = self.name(key)
        blob = self.redis.get(name)
        if blob is not None:
            return pickle.loads(blob)
        with self.redis.lock(f"{name}:lock", timeout=LOCK_SECONDS, blocking_timeout=wait):
            blob = self.redis.get(name)
            if blob is not None:
                return pickle.loads(blob)
            value = compute()
            self.computed += 1
            self.redis.set(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), ex=REDIS_TTL)
            return value


def make_store(config):
    """The store the settings name: Redis with REDIS_URL, else the folder SHARED_CACHE_DIR."""
    if config.get("REDIS_URL"):
        return RedisStore(config["REDIS_URL"])
    return DiskStore(config["SHARED_CACHE_DIR"])


_stores = {}


def store(app=None):
    """The current app's store (one per process and setting)."""
    config = (app or current_app).config
    where = (config.get("REDIS_URL"), str(config.get("SHARED_CACHE_DIR")), os.getpid())
    found = _stores.get(where)
    if found is None:
        found = _stores[where] = make_store(config)
    return found
