"""bench/recurrent.py runs end to end in quick mode (axon only: a few small steps)."""

from bench import recurrent


def test_quick_mode_prints_a_row_per_cell(capsys):
    assert recurrent.main(["--quick", "--no-torch", "--cells", "lstm,gru,simple_rnn", "--threads", "1"]) == 0
    out = capsys.readouterr().out
    for cell in ("lstm", "gru", "simple_rnn"):
        row = next(line for line in out.splitlines() if line.startswith(cell))
        assert float(row.split()[1]) > 0  # a step time in ms
