"""The run-time network (noise.model.DenseNet): networks averaged into one give the mean of their logits."""

import numpy as np
import pytest

from noise.model import DenseNet

neural_network = pytest.importorskip("sklearn.neural_network")


def _networks(hidden: tuple[int, ...], members: int) -> tuple[list[DenseNet], np.ndarray]:
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from noise.training import export_dense

    rng = np.random.default_rng(0)
    # Columns of very different means and scales: each member's own standardisation differs.
    features = (rng.normal(size=(600, 5)) * [1, 10, 0.1, 5, 2] + [0, 50, -3, 7, 1]).astype(np.float32)
    target = (features[:, 0] + features[:, 2] * 10 > 0).astype(int)
    nets = []
    for member in range(members):
        rows = rng.choice(len(features), 400, replace=False)  # each member its own sample
        network = neural_network.MLPClassifier(hidden_layer_sizes=hidden, max_iter=30, random_state=member)
        with np.errstate(all="ignore"), pytest.warns(Warning):  # 30 epochs do not converge: fine here
            nets.append(export_dense(make_pipeline(StandardScaler(), network).fit(features[rows], target[rows])))
    return nets, features


@pytest.mark.parametrize("hidden", [(8, 4), (6,), ()])
def test_averaged_networks_give_the_mean_of_their_logits(hidden):
    nets, features = _networks(hidden, 3)
    averaged = DenseNet.averaged(nets)
    expected = np.mean([net.decision(features) for net in nets], axis=0)
    assert np.allclose(averaged.decision(features), expected, atol=1e-4)
    assert [w.shape[1] for w in averaged.weights] == [*(units * 3 for units in hidden), 1]


def test_one_network_averaged_is_itself():
    nets, _ = _networks((4,), 1)
    assert DenseNet.averaged(nets) is nets[0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (("versions", "scikit-learn"), "0.1", "model was made with scikit-learn 0.1"),
        (("feature_set",), "noise-lines-0", "model uses feature set 'noise-lines-0'"),
    ],
)
def test_a_model_made_by_another_scikit_learn_or_feature_set_is_refused_by_name(tmp_path, field, value, message):
    import json
    import shutil

    from noise.artifact import ModelError, bundled_model_dir, load_model

    model = tmp_path / "model"
    shutil.copytree(bundled_model_dir(), model)
    meta = json.loads((model / "metadata.json").read_text(encoding="utf-8"))
    *path, last = field
    target = meta
    for key in path:
        target = target[key]
    target[last] = value
    (model / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        load_model(model)


def test_the_library_prints_nothing(capfd):
    from noise import Cleaner

    cleaner = Cleaner.load()
    pages = ["Menu\nHome | News\nThe council agreed on Monday to repair the harbour wall.\n", "", "Share\r\n"]
    cleaner.clean(pages[0])
    cleaner.label(pages[0])
    cleaner.clean_batch(pages)
    cleaner.label_group(pages * 3)
    assert capfd.readouterr() == ("", "")
