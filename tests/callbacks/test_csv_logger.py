import csv

from axon.callbacks.csv_logger import CSVLogger
from tests.callbacks.fakes import fit


def read_rows(path, separator=","):
    with open(path, newline="") as f:
        return list(csv.reader(f, delimiter=separator))


def test_header_and_one_row_per_epoch(tmp_path):
    path = tmp_path / "log.csv"
    logs = [{"loss": 0.5, "accuracy": 0.75, "val_loss": 0.625, "val_accuracy": 0.7},
            {"loss": 0.25, "accuracy": 0.875, "val_loss": 0.5, "val_accuracy": 0.8}]
    fit(CSVLogger(path), logs)
    assert read_rows(path) == [["epoch", "accuracy", "loss", "val_accuracy", "val_loss"],
                               ["0", "0.75", "0.5", "0.7", "0.625"],
                               ["1", "0.875", "0.25", "0.8", "0.5"]]


def test_rows_are_flushed_during_training(tmp_path):
    path = tmp_path / "log.csv"
    logger = CSVLogger(path)
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 1.5})
    assert read_rows(path)[1] == ["0", "1.5", "NA"]
    logger.on_train_end()


def test_val_columns_are_reserved_when_validation_is_not_every_epoch(tmp_path):
    path = tmp_path / "log.csv"
    fit(CSVLogger(path), [{"loss": 1.0, "learning_rate": 0.1}, {"loss": 0.5, "val_loss": 0.75, "learning_rate": 0.1}])
    assert read_rows(path) == [["epoch", "learning_rate", "loss", "val_loss"],
                               ["0", "0.1", "1.0", "NA"], ["1", "0.1", "0.5", "0.75"]]


def test_separator_and_append(tmp_path):
    path = tmp_path / "log.tsv"
    fit(CSVLogger(path, separator="\t"), [{"loss": 1.0, "val_loss": 2.0}])
    fit(CSVLogger(path, separator="\t", append=True), [{"loss": 0.5, "val_loss": 1.0}])
    assert read_rows(path, "\t") == [["epoch", "loss", "val_loss"], ["0", "1.0", "2.0"], ["0", "0.5", "1.0"]]


def test_without_append_the_file_is_overwritten(tmp_path):
    path = tmp_path / "log.csv"
    fit(CSVLogger(path), [{"loss": 1.0, "val_loss": 2.0}])
    fit(CSVLogger(path), [{"loss": 3.0, "val_loss": 4.0}])
    assert read_rows(path) == [["epoch", "loss", "val_loss"], ["0", "3.0", "4.0"]]


def test_append_to_a_missing_file_writes_the_header(tmp_path):
    path = tmp_path / "new.csv"
    fit(CSVLogger(path, append=True), [{"loss": 1.0, "val_loss": 2.0}])
    assert read_rows(path)[0] == ["epoch", "loss", "val_loss"]
