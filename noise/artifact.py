"""Model directories on disk: write a trained model with its metadata, and load one safely.

A model directory holds ``model.joblib`` (the numpy form the cleaner runs), ``estimators.joblib``
(the fitted scikit-learn estimators it was exported from, for inspection and retraining),
``metadata.json`` and ``README.md`` (the model card).

joblib files can run code when loaded, so ``load_model`` loads ``model.joblib`` only when its
SHA-256 matches the one ``metadata.json`` vouches for, and only from a model made by the same
scikit-learn version and feature set as the running code: anything else is a clear error,
never a silently wrong answer. Load model directories only from sources you trust.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata as package_metadata
from importlib import resources
from pathlib import Path

from noise.features import FEATURE_SET
from noise.linekeys import KEYS

MODEL_FILE = "model.joblib"
ESTIMATORS_FILE = "estimators.joblib"
METADATA_FILE = "metadata.json"
CARD_FILE = "README.md"
ENVIRONMENT_VARIABLE = "NOISE_MODEL"


class ModelError(RuntimeError):
    """A model directory that cannot be used, with the reason."""


def bundled_model_dir() -> Path:
    """The model shipped with the package (inside the wheel, or ``models/default`` in a source checkout)."""
    packaged = resources.files("noise").joinpath("models", "default")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "models" / "default"


def resolve_model_dir(path: str | os.PathLike | None = None) -> Path:
    """``path``, else ``$NOISE_MODEL``, else the bundled model."""
    if path is not None:
        if not os.fspath(path):
            raise ModelError("the model path is empty (None means $NOISE_MODEL, then the bundled model)")
        return Path(path)
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE)
    if from_environment:
        return Path(from_environment)
    return bundled_model_dir()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def installed_version(package: str) -> str | None:
    try:
        return package_metadata.version(package)
    except package_metadata.PackageNotFoundError:
        return None


def read_metadata(directory: Path) -> dict:
    meta_path = directory / METADATA_FILE
    if not directory.is_dir():
        raise ModelError(f"{directory}: no such model directory")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{directory}: not a model directory (no {METADATA_FILE})") from None
    except (OSError, ValueError) as error:
        raise ModelError(f"{meta_path}: unreadable metadata ({error})") from None
    if not isinstance(meta, dict):
        raise ModelError(f"{meta_path}: unreadable metadata (not a JSON object)")
    return meta


def check_compatible(directory: Path, meta: dict) -> None:
    made_with = meta.get("versions", {}).get("scikit-learn")
    running = installed_version("scikit-learn")
    if made_with != running:
        raise ModelError(
            f"{directory}: model was made with scikit-learn {made_with}, this environment has {running}; "
            f"install scikit-learn=={made_with} or retrain it with `noise train`"
        )
    if meta.get("feature_set") != FEATURE_SET:
        raise ModelError(
            f"{directory}: model uses feature set {meta.get('feature_set')!r}, this noise computes {FEATURE_SET!r}; "
            "retrain it with `noise train` or install the noise version that made it"
        )
    adaptation = meta.get("adaptation")
    if adaptation is not None and adaptation.get("line_keys") != KEYS:
        raise ModelError(
            f"{directory}: its publisher layer matches lines by keys of another noise version "
            f"({adaptation.get('line_keys') or 'BLAKE2b'}, this noise computes {KEYS!r}); fit the layer again with "
            "`noise train --base BASE --data LABELED --out DIR` on its base model, or install the noise version that made it"
        )


def load_model(path: str | os.PathLike | None = None):
    """The ``NoiseModel`` of a model directory, after checking versions and the file's hash."""
    import joblib

    directory = resolve_model_dir(path)
    meta = read_metadata(directory)
    check_compatible(directory, meta)
    model = joblib.load(checked_model_file(directory, meta))
    model.info = meta
    return model


def checked_model_file(directory: Path, meta: dict) -> Path:
    """The model file, once it is there and its SHA-256 is the one ``meta`` records."""
    model_path = directory / MODEL_FILE
    expected = meta.get("files", {}).get(MODEL_FILE)
    if not model_path.is_file():
        raise ModelError(f"{model_path}: missing")
    if expected is None or sha256_of(model_path) != expected:
        raise ModelError(f"{model_path}: SHA-256 does not match {METADATA_FILE}; refusing to load it")
    return model_path


def load_estimators(path: str | os.PathLike | None = None) -> dict:
    """The scikit-learn estimators a model was exported from (imports scikit-learn)."""
    import joblib

    directory = resolve_model_dir(path)
    meta = read_metadata(directory)
    check_compatible(directory, meta)
    estimators_path = directory / ESTIMATORS_FILE
    if not estimators_path.is_file():
        raise ModelError(f"{estimators_path}: missing (a model directory written by noise train has it; adapting needs it)")
    if sha256_of(estimators_path) != meta.get("files", {}).get(ESTIMATORS_FILE):
        raise ModelError(f"{estimators_path}: SHA-256 does not match {METADATA_FILE}; refusing to load it")
    return joblib.load(estimators_path)


def refuse_to_replace(directory: Path) -> None:
    """A model directory replaces what ``directory`` holds: only an earlier model or nothing."""
    if directory.is_dir() and not (directory / METADATA_FILE).is_file() and any(directory.iterdir()):
        raise ModelError(f"{directory}: holds files and is not a model directory (no {METADATA_FILE}); choose another --out")
    if directory.exists() and not directory.is_dir():
        raise ModelError(f"{directory}: is a file, not a model directory")


def _staging_folder(directory: Path) -> Path:
    """An empty folder beside ``directory``, made with the permissions a new folder gets (not
    ``mkdtemp``'s 0700: a shared model would be unreadable to others)."""
    import secrets

    staging = directory.parent / f".{directory.name}.{secrets.token_hex(6)}"
    staging.mkdir()
    return staging


def check_writable(directory: str | os.PathLike) -> None:
    """Raise ``ModelError`` now if a model directory cannot be written at ``directory``, rather
    than after training: ``save_model`` stages it in a folder beside it, then renames."""
    from noise.io import os_reason

    directory = Path(os.path.abspath(directory))
    refuse_to_replace(directory)
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        _staging_folder(directory).rmdir()  # what save_model will do first
    except OSError as error:
        raise ModelError(f"{directory}: cannot write a model directory there ({os_reason(error)})") from None


def save_model(directory: str | os.PathLike, model, estimators: dict, meta: dict, card) -> Path:
    """Write model, estimators, metadata and card together; the directory appears complete or not at all.

    ``card`` is the card's text, or a function of the final metadata (with the files' hashes and
    sizes and the feature set) that returns it."""
    import joblib
    import shutil

    directory = Path(os.path.abspath(directory))
    refuse_to_replace(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = _staging_folder(directory)
    try:
        model.info = {}
        joblib.dump(model, staging / MODEL_FILE, compress=3)
        joblib.dump(estimators, staging / ESTIMATORS_FILE, compress=3)
        meta = dict(meta)
        meta["files"] = {name: sha256_of(staging / name) for name in (MODEL_FILE, ESTIMATORS_FILE)}
        meta["file_sizes"] = {name: (staging / name).stat().st_size for name in (MODEL_FILE, ESTIMATORS_FILE)}
        meta.setdefault("versions", {})["scikit-learn"] = installed_version("scikit-learn")
        meta["feature_set"] = FEATURE_SET
        (staging / METADATA_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (staging / CARD_FILE).write_text(card(meta) if callable(card) else card, encoding="utf-8")
        if directory.exists():
            previous = directory.with_name(f".{directory.name}.previous")
            shutil.rmtree(previous, ignore_errors=True)
            directory.rename(previous)
            staging.rename(directory)
            shutil.rmtree(previous, ignore_errors=True)
        else:
            staging.rename(directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    model.info = meta
    return directory
