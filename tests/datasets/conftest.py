"""Every dataset test runs offline and with its own empty data folders."""

import pytest

from axon.datasets import _files


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Make any download attempt fail as if there were no network."""
    def no_network(url, timeout=60.0):
        raise OSError(f"network disabled in tests ({url})")

    monkeypatch.setattr(_files, "open_url", no_network)


@pytest.fixture(autouse=True)
def stand_ins(monkeypatch):
    """The tests write small stand-ins under the real file names: skip the SHA-256
    check of known files (tests/datasets/test_known_files.py turns it on)."""
    monkeypatch.setattr(_files, "CHECK_KNOWN_FILES", False)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    """Empty AXON_DATA, Keras and system folders under tmp_path; returns the AXON_DATA folder."""
    root = tmp_path / "axon_data"
    root.mkdir()
    monkeypatch.setenv("AXON_DATA", str(root))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(_files, "SYSTEM_DIRS", [tmp_path / "system"])
    return root
