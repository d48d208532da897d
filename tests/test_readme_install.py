"""The README's first command installs only what `axon train` needs (issue 12, point 19)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_first_command_installs_the_digits_extra_not_the_test_extras():
    readme = (ROOT / "README.md").read_text()
    first = re.search(r"python -m pip install -e '\.\[(\w+)\]' && axon train", readme)
    assert first is not None and readme.index(first.group(0)) < readme.index("pytest")
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert first.group(1) == "digits"
    assert re.search(r'^digits = \["scikit-learn>=1\.2"\]$', pyproject, re.M)


def test_digits_without_scikit_learn_is_one_line_naming_the_extra(capsys, monkeypatch):
    import sys

    from axon import cli

    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    assert cli.main(["train", "--epochs", "1", "--out", str(ROOT / "runs" / "never")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("axon: error: the digits dataset needs scikit-learn: pip install 'axon[digits]'")
    assert "\n" not in err
