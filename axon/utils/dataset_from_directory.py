"""``text_dataset_from_directory`` and ``image_dataset_from_directory``: a folder per class
of files to a batched ``axon.data.Dataset`` of ``(inputs, labels)``, with Keras's arguments.

Files are read when the dataset is iterated (one batch at a time), so a large
folder never has to fit in memory; images are decoded and resized by Pillow
(imported only here).
"""

from __future__ import annotations

import os

import numpy as np

TEXT_FORMATS = (".txt",)
IMAGE_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
LABEL_MODES = ("int", "categorical", "binary", None)


def _index(directory, labels, class_names, formats, follow_links):
    if not os.path.isdir(directory):
        raise ValueError(f"The directory {directory!r} does not exist (or is not a directory).")
    if labels not in ("inferred", None) and not isinstance(labels, (list, tuple, np.ndarray)):
        raise ValueError("`labels` argument should be a list/tuple of integer labels, of the same size as the "
                         f"number of files in the target directory, 'inferred' or None. Received: labels={labels!r}")
    subdirs = sorted(d for d in os.listdir(directory) if os.path.isdir(os.path.join(directory, d)))
    if class_names is not None:
        if labels != "inferred":
            raise ValueError("You can only pass `class_names` if `labels='inferred'`.")
        if sorted(class_names) != sorted(subdirs):
            raise ValueError(f"The `class_names` passed did not match the names of the subdirectories of the target "
                             f"directory. Expected: {subdirs}, but received: {list(class_names)}")
        subdirs = list(class_names)
    paths, found = [], []
    if labels == "inferred" and subdirs:
        for index, name in enumerate(subdirs):
            for path in _walk(os.path.join(directory, name), formats, follow_links):
                paths.append(path)
                found.append(index)
    else:
        paths = _walk(directory, formats, follow_links)
        subdirs = [] if labels is None else subdirs
    if isinstance(labels, (list, tuple, np.ndarray)):
        if len(labels) != len(paths):
            raise ValueError(f"Expected the lengths of `labels` to match the number of files in the target "
                             f"directory. len(labels) is {len(labels)} while we found {len(paths)} files.")
        found = list(labels)
    return paths, (np.asarray(found, dtype=np.int64) if labels is not None else None), subdirs


def _walk(root, formats, follow_links) -> list:
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_links):
        dirnames.sort()
        out.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.lower().endswith(formats))
    return out


def _split(paths, labels, validation_split, subset, shuffle, seed, verbose):
    if validation_split is not None and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1. Received: {validation_split}")
    if (validation_split is None) != (subset is None):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in (None, "training", "validation", "both"):
        raise ValueError(f'`subset` must be either "training", "validation" or "both". Received: {subset!r}')
    if validation_split and shuffle and seed is None:
        raise ValueError("If using `validation_split` and shuffling the data, you must provide a `seed` argument, "
                         "to make sure that there is no overlap between the training and validation subset.")
    if shuffle:
        seed = np.random.randint(1_000_000) if seed is None else seed
        order = np.random.RandomState(seed).permutation(len(paths))
        paths = [paths[i] for i in order]
        labels = None if labels is None else labels[order]
    if not validation_split:
        return {"all": (paths, labels)}
    n_val = int(validation_split * len(paths))
    parts = {"training": (paths[:len(paths) - n_val], None if labels is None else labels[:len(paths) - n_val]),
             "validation": (paths[len(paths) - n_val:], None if labels is None else labels[len(paths) - n_val:])}
    if verbose:
        for name in ("training", "validation") if subset == "both" else (subset,):
            print(f"Using {len(parts[name][0])} files for {name}.")
    return parts


def _labels_out(labels, label_mode, num_classes):
    if label_mode == "int":
        return labels
    if label_mode == "binary":
        if num_classes != 2:
            raise ValueError(f'When passing `label_mode="binary"`, there must be exactly 2 classes. Found: '
                             f"{num_classes}.")
        return labels.astype(np.float32)[:, None]
    return np.eye(num_classes, dtype=np.float32)[labels]


def _dataset(paths, labels, label_mode, num_classes, load, batch_size, class_names):
    from axon.data import Dataset
    if label_mode is None or labels is None:
        ds = Dataset.from_tensor_slices(np.asarray(paths, dtype=str)).map(load)
    else:
        ys = _labels_out(labels, label_mode, num_classes)
        ds = Dataset.from_tensor_slices((np.asarray(paths, dtype=str), ys)).map(lambda p, y: (load(p), y))
    if batch_size is not None:
        ds = ds.batch(batch_size)
    ds.class_names = list(class_names)
    ds.file_paths = list(paths)
    return ds


def _from_directory(directory, labels, label_mode, class_names, batch_size, shuffle, seed, validation_split,
                    subset, follow_links, verbose, formats, load, kind):
    if label_mode not in LABEL_MODES:
        raise ValueError(f'`label_mode` argument must be one of "int", "categorical", "binary", or None. '
                         f"Received: label_mode={label_mode!r}")
    if labels is None:
        label_mode = None
    paths, found, names = _index(directory, labels, class_names, formats, follow_links)
    if not paths:
        raise ValueError(f"No {kind} files found in directory {directory!r}. Allowed formats: {formats}")
    num_classes = len(names) if names else (int(found.max()) + 1 if found is not None and found.size else 0)
    if verbose:
        print(f"Found {len(paths)} files" + (f" belonging to {num_classes} classes." if labels is not None else "."))
    parts = _split(paths, found, validation_split, subset, shuffle, seed, verbose)

    def make(key):
        p, y = parts[key]
        return _dataset(p, y, label_mode, num_classes, load, batch_size, names)
    if subset == "both":
        return make("training"), make("validation")
    return make(subset or "all")


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None, batch_size=32,
                                max_length=None, shuffle=True, seed=None, validation_split=None, subset=None,
                                follow_links=False, verbose=True):
    """A ``Dataset`` of ``(texts, labels)`` from ``directory/<class>/*.txt`` (Keras's function).

    Classes are the subfolders in alphanumeric order (or ``class_names``); with
    ``validation_split`` and ``subset`` (``'training'``, ``'validation'`` or
    ``'both'``) the files are shuffled with ``seed`` and the last fraction is the
    validation set. ``max_length`` cuts each text to that many characters.
    The dataset has ``class_names``.

    Example:
        >>> train = axon.keras.utils.text_dataset_from_directory("reviews", validation_split=0.2,
        ...                                                      subset="training", seed=1)
    """
    def load(path):
        with open(str(path), encoding="utf-8", errors="replace") as f:
            text = f.read() if max_length is None else f.read(max_length)
        return np.asarray(text)
    return _from_directory(directory, labels, label_mode, class_names, batch_size, shuffle, seed, validation_split,
                           subset, follow_links, verbose, TEXT_FORMATS, load, "text")


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                 color_mode="rgb", batch_size=32, image_size=(256, 256), shuffle=True, seed=None,
                                 validation_split=None, subset=None, interpolation="bilinear", follow_links=False,
                                 crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, data_format=None,
                                 verbose=True):
    """A ``Dataset`` of ``(images, labels)`` from ``directory/<class>/*.{png,jpg,...}`` (Keras's function).

    Images are decoded with Pillow, converted to ``color_mode`` (``'rgb'``,
    ``'rgba'``, ``'grayscale'``), resized to ``image_size`` with ``interpolation``
    and given as float32 ``(batch, height, width, channels)`` in [0, 255].

    Example:
        >>> train, val = axon.keras.utils.image_dataset_from_directory(
        ...     "flowers", image_size=(64, 64), validation_split=0.2, subset="both", seed=1)
    """
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("image_dataset_from_directory needs Pillow: pip install pillow (or axon[images]).") \
            from None
    modes = {"rgb": "RGB", "rgba": "RGBA", "grayscale": "L"}
    if color_mode not in modes:
        raise ValueError(f'`color_mode` must be one of {{"rgb", "rgba", "grayscale"}}. Received: {color_mode!r}')
    filters = {"bilinear": Image.BILINEAR, "nearest": Image.NEAREST, "bicubic": Image.BICUBIC,
               "lanczos": Image.LANCZOS, "area": Image.BOX}
    if interpolation not in filters:
        raise ValueError(f"`interpolation` must be one of {sorted(filters)}. Received: {interpolation!r}")
    if crop_to_aspect_ratio or pad_to_aspect_ratio:
        raise NotImplementedError("crop_to_aspect_ratio and pad_to_aspect_ratio are not supported in axon; "
                                  "images are resized to `image_size`.")
    if data_format not in (None, "channels_last"):
        raise ValueError(f"axon images are channels_last. Received: data_format={data_format!r}")
    height, width = int(image_size[0]), int(image_size[1])

    def load(path):
        with Image.open(str(path)) as img:
            img = img.convert(modes[color_mode]).resize((width, height), filters[interpolation])
            array = np.asarray(img, dtype=np.float32)
        return array[..., None] if array.ndim == 2 else array
    return _from_directory(directory, labels, label_mode, class_names, batch_size, shuffle, seed, validation_split,
                           subset, follow_links, verbose, IMAGE_FORMATS, load, "image")
