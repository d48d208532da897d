"""``paddle.io``: datasets, samplers and the ``DataLoader``."""

from axon.paddle.io.dataloader import DataLoader, default_collate_fn, default_convert_fn, get_worker_info
from axon.paddle.io.dataset import (
    ChainDataset,
    ComposeDataset,
    Dataset,
    IterableDataset,
    Subset,
    TensorDataset,
    random_split,
)
from axon.paddle.io.sampler import (
    BatchSampler,
    DistributedBatchSampler,
    RandomSampler,
    Sampler,
    SequenceSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)

__all__ = [
    "BatchSampler", "ChainDataset", "ComposeDataset", "DataLoader", "Dataset", "DistributedBatchSampler",
    "IterableDataset", "RandomSampler", "Sampler", "SequenceSampler", "Subset", "SubsetRandomSampler",
    "TensorDataset", "WeightedRandomSampler", "default_collate_fn", "default_convert_fn", "get_worker_info",
    "random_split",
]
