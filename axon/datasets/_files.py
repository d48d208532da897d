"""Finding, downloading, checking and caching dataset files.

Local copies come first, searched in this order:

1. ``$AXON_DATA/<name>/`` when the ``AXON_DATA`` environment variable is set;
2. Keras's cache, ``~/.keras/datasets/<name>/`` (``$KERAS_HOME/datasets``);
3. Debian's data packages, ``/usr/share/datasets/<name>/``.

Otherwise a loader downloads the files into ``$AXON_DATA/<name>/`` (or Keras's
cache), showing progress. Each download goes to a temporary file in the target
folder and is renamed into place only after its SHA-256 matches the published
one, so an interrupted or corrupted transfer never leaves a file that would be
taken for the real one. Files are read as raw bytes (``.gz`` is decompressed);
nothing is ever unpickled. A local file whose name is one axon knows (Keras's
``mnist.npz``, the Fashion-MNIST ``.gz`` files, the CIFAR-10 archive) is checked
against its published SHA-256 before it is read, and a damaged or unreadable
file is a ``ValueError`` naming it and saying to delete or replace it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
import tempfile
import zlib
from pathlib import Path

SYSTEM_DIRS = [Path("/usr/share/datasets")]
_CHUNK = 1 << 16
# Checking local files against their known SHA-256 (tests that write small
# stand-ins under the real names turn it off).
CHECK_KNOWN_FILES = True


class DatasetNotFoundError(FileNotFoundError):
    """No local copy of a dataset was found and it could not be downloaded."""


class ChecksumError(OSError):
    """A downloaded file's SHA-256 differs from the published one."""


def keras_datasets_dir() -> Path:
    """Keras's cache folder: ``$KERAS_HOME/datasets``, by default ``~/.keras/datasets``."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets"


def search_roots() -> list[tuple[Path, str]]:
    """The folders holding datasets, in search order, each with a label for messages."""
    roots = []
    if os.environ.get("AXON_DATA"):
        roots.append((Path(os.environ["AXON_DATA"]).expanduser(), "$AXON_DATA"))
    roots.append((keras_datasets_dir(), "Keras cache"))
    roots.extend((path, "system data") for path in SYSTEM_DIRS)
    return roots


def candidate_dirs(names) -> list[Path]:
    """``root/name`` for every search root and every spelling of the dataset's name."""
    return [root / name for root, _ in search_roots() for name in names]


def find_file(directory: Path, names) -> Path | None:
    """The first of ``names`` present in ``directory``, also as ``name.gz`` or without ``.gz``."""
    for name in names:
        plain = name[:-3] if name.endswith(".gz") else name
        for candidate in (plain, plain + ".gz"):
            path = directory / candidate
            if path.is_file():
                return path
    return None


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file at ``path``, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK * 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def damaged(path, what: str) -> ValueError:
    """The error for a local dataset file that cannot be used."""
    return ValueError(f"{path} {what}. Delete it (axon downloads it again when it can) or replace it with the "
                      "original file.")


def check_known(path: Path, known: dict | None) -> None:
    """Check ``path`` against ``known`` when its name is there: ``known[name]`` is the
    published SHA-256 of the file, or a pair ``(file SHA-256, SHA-256 of the data
    inside)``, so that a copy compressed anew (a distribution's package) or
    unpacked (``name`` without ``.gz``) is recognised by its content."""
    path = Path(path)
    known = known or {}
    entry = known.get(path.name)
    unpacked = entry is None and (path.name + ".gz") in known
    if unpacked:
        entry = known[path.name + ".gz"]
    if entry is None or not CHECK_KNOWN_FILES:
        return
    file_sha, content_sha = (entry, None) if isinstance(entry, str) else entry
    with open(path, "rb") as f:
        raw = f.read()
    actual = hashlib.sha256(raw).hexdigest()
    if not unpacked and actual == file_sha:
        return
    if content_sha is not None:
        try:
            content = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        except (EOFError, OSError, zlib.error) as err:
            raise damaged(path, f"is truncated or corrupted ({type(err).__name__}: {err})") from None
        if hashlib.sha256(content).hexdigest() == content_sha:
            return
    expected = file_sha if content_sha is None else f"{file_sha} (or {content_sha} for the data inside)"
    raise damaged(path, f"is damaged or not the original file: its SHA-256 is {actual}, the published one "
                        f"is {expected}")


def read_bytes(path: Path, known: dict | None = None) -> bytes:
    """The contents of ``path``, gunzipped when it is gzip data (by its magic bytes),
    after ``check_known``; a truncated or corrupt ``.gz`` is a ValueError naming it."""
    check_known(path, known)
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as err:
        raise damaged(path, f"is truncated or corrupted ({type(err).__name__}: {err})") from None


def cache_dir(name: str, keras_subdir: str | None = None) -> Path:
    """Where a download of dataset ``name`` is kept (created if needed).

    ``$AXON_DATA/<name>`` when set, else Keras's cache (``keras_subdir`` under it,
    default ``name``), else a temporary folder when that is not writable.
    """
    if os.environ.get("AXON_DATA"):
        target = Path(os.environ["AXON_DATA"]).expanduser() / name
    else:
        target = keras_datasets_dir() / (name if keras_subdir is None else keras_subdir)
    try:
        target.mkdir(parents=True, exist_ok=True)
        if os.access(target, os.W_OK):
            return target
    except OSError:
        pass
    fallback = Path(tempfile.gettempdir()) / ".keras" / "datasets" / name
    fallback.mkdir(parents=True, exist_ok=True)
    return fallback


def open_url(url: str, timeout: float = 60.0):
    """Open ``url`` for reading; returns ``(stream, size in bytes or None)``."""
    from urllib.request import Request, urlopen

    response = urlopen(Request(url, headers={"User-Agent": "axon"}), timeout=timeout)  # noqa: S310 (https URLs)
    size = response.headers.get("Content-Length")
    return response, int(size) if size else None


class _Progress:
    """A tqdm bar when tqdm is installed, else a one-line counter on stderr."""

    def __init__(self, total: int | None, desc: str):
        self.total, self.desc, self.done, self._bar = total, desc, 0, None
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return
        self._bar = tqdm(total=total, desc=desc, unit="B", unit_scale=True, unit_divisor=1024, leave=False)

    def update(self, n: int) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
            return
        total = f"/{self.total / 2**20:.1f}" if self.total else ""
        sys.stderr.write(f"\rDownloading {self.desc}: {self.done / 2**20:.1f}{total} MiB")
        sys.stderr.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        else:
            sys.stderr.write("\n")


def download(url: str, target: Path, sha256: str) -> Path:
    """Download ``url`` to ``target`` after checking its SHA-256.

    The bytes go to a temporary file beside ``target``, renamed to ``target``
    only when the checksum matches; on any failure the temporary file is removed.

    Raises:
        ChecksumError: when the download's SHA-256 is not ``sha256``.
        OSError: when the transfer fails.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out:
            stream, size = open_url(url)
            progress = _Progress(size, target.name)
            try:
                with stream:
                    while chunk := stream.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        progress.update(len(chunk))
            finally:
                progress.close()
        if digest.hexdigest() != sha256:
            raise ChecksumError(f"The file downloaded from {url} is corrupted or not the expected one: its SHA-256 is "
                                f"{digest.hexdigest()}, expected {sha256}. Nothing was saved; try again later.")
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return target


def download_any(urls, target: Path, sha256: str) -> Path:
    """Try each mirror in ``urls`` in turn; raise the last error if all fail."""
    error: Exception | None = None
    for url in urls:
        try:
            return download(url, target, sha256)
        except OSError as err:  # URLError, HTTPError, ChecksumError are all OSErrors
            error = err
    assert error is not None
    raise error


def not_found(title: str, names, expected: str, error: Exception | None) -> DatasetNotFoundError:
    """The error raised when a dataset is nowhere: where we looked and how to provide the files."""
    looked = "\n".join(f"  {path}" for path in candidate_dirs(names))
    reason = f"the download failed ({type(error).__name__}: {error})" if error else "it was not downloaded"
    return DatasetNotFoundError(
        f"Could not load {title}: no local copy was found and {reason}.\nLooked in:\n{looked}\n"
        f"To provide the files, put {expected} into one of these folders, for example set the environment "
        f"variable AXON_DATA=/path/to/data and copy them to /path/to/data/{names[0]}/."
    )
