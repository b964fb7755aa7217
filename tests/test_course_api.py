"""The course's MNIST dense model through the real kernel: from magics, from Java, and Stop during fit.

Lesson 02 of the course (Input(784) -> Dense(20, relu) -> Dense(14, relu) -> Dense(10, softmax),
adam, categorical_crossentropy, 3 epochs, batch 32, validation 20 %) must reach a test accuracy of
at least 0.93 on real MNIST, both from the magics (%donnees, %modele, %entrainer, %evaluer) and
from the Java API; the outputs hold the Keras-like progress display updated in place, the History
plot (PNG) and the summary table. Stop during fit keeps the model and the epochs done.

Needs MNIST in the data cache (`./carnets datasets`) and kernel-ext built
(`./mvnw -q -DskipTests package`). One kernel for the module; about 2 to 3 minutes in all.
"""

from __future__ import annotations

import re
import time

import pytest

#: One cell that trains 3 epochs of the dense net (3 to 13 s an epoch on 2 cores, more under load).
FIT_TIMEOUT = 240.0
#: Per-epoch seconds seen in this module, printed at the end (pytest -s) for the course's timing table.
EPOCH_SECONDS: dict[str, list[float]] = {}

ACCURACY = re.compile(r"exactitude \(accuracy\) = (\d+,\d+)")


@pytest.fixture(scope="module", autouse=True)
def report_epoch_times(kernel):
    wait_for_extension(kernel)
    yield
    for name, secs in EPOCH_SECONDS.items():
        print(f"\n{name} : secondes par époque {', '.join(f'{s:.1f}' for s in secs)}")


def wait_for_extension(kernel, timeout: float = 30.0):
    """The kernel installs extensions after it first answers (JShell starts meanwhile): wait for our magics."""
    deadline = time.monotonic() + timeout
    while True:
        r = kernel.run("%carnets")
        if r.status == "ok":
            return
        assert time.monotonic() < deadline, f"extension Carnets absente du noyau:\n{r.describe()}"
        time.sleep(0.2)


def texts(result, msg_type: str) -> list[str]:
    return [m["content"].get("data", {}).get("text/plain", "") for m in result.of_type(msg_type)]


def display_id(msg) -> str | None:
    return msg["content"].get("transient", {}).get("display_id")


def all_data(result) -> list[dict]:
    """Data bundles of display_data and execute_result messages, in order."""
    return [m["content"]["data"] for m in result.of_type("display_data", "execute_result")]


def assert_progress_display(result):
    """A display_data per epoch, updated in place (update_display_data) up to the end of epoch 3/3."""
    shown = {display_id(m) for m in result.of_type("display_data") if display_id(m)}
    updates = [m for m in result.of_type("update_display_data") if display_id(m) in shown]
    assert updates, f"pas de mise à jour de l'affichage de progression:\n{result.describe()[:3000]}"
    last = [m["content"]["data"]["text/plain"] for m in updates if "Epoch 3/3" in m["content"]["data"].get("text/plain", "")]
    assert last, [m["content"]["data"].get("text/plain") for m in updates][-5:]
    assert re.search(r"Epoch 3/3\s+\d+/\d+ \[=+\].*loss: \d\.\d{4} - accuracy: \d\.\d{4}.*val_accuracy: \d\.\d{4}", last[-1]), last[-1]


def assert_history_plot(result):
    pngs = [d for d in all_data(result) if "image/png" in d]
    assert pngs, f"pas de courbes (image/png):\n{result.describe()[:2000]}"
    return pngs[-1]


def epoch_seconds(kernel, history_var: str) -> list[float]:
    text = kernel.value(f"java.util.Arrays.toString({history_var}.epochSeconds())")
    return [float(s) for s in text.strip('"[]').split(",") if s.strip()]


# --------------------------------------------------------------------------------------------
# (a) From the magics
# --------------------------------------------------------------------------------------------


def test_mnist_dense_from_magics(kernel, png):
    r = kernel.ok("%donnees mnist --aplatir --normaliser --onehot", timeout=120)
    assert "Équivalent Java :" in r.stdout and "Mnist.options().flatten().scale().oneHot().load()" in r.stdout, r.stdout
    assert "xTrain [60000, 784]" in r.stdout and "yTest [10000, 10]" in r.stdout, r.stdout
    assert kernel.value("data.xTrain.shape()[1]") == "784"

    r = kernel.ok("%modele model = Input(784) Dense(20, relu) Dense(14, relu) Dense(10, softmax) "
                  "--compile adam categorical_crossentropy accuracy --graine 42")
    assert 'new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax"))' in r.stdout, r.stdout
    html = r.data["text/html"]
    for row in ("dense (Dense)", "dense_1 (Dense)", "dense_2 (Dense)", "16 144"):
        assert row in html, html
    assert "<table" in html

    r = kernel.ok("%entrainer model data --epochs 3 --batch 32 --validation 0.2 --graine 42", timeout=FIT_TIMEOUT)
    assert "Fit.epochs(3).batchSize(32).validationSplit(0.2).seed(42L)" in r.stdout, r.stdout
    assert_progress_display(r)
    bundle = assert_history_plot(r)
    width, height = png(bundle["image/png"])
    assert width >= 400 and height >= 200
    assert "image/svg+xml" in bundle and "<table" in bundle["text/html"] and "val_accuracy" in bundle["text/html"]
    assert kernel.value("history.epochs()") == "3"
    EPOCH_SECONDS["Dense MNIST (magies)"] = epoch_seconds(kernel, "history")

    r = kernel.ok("%evaluer model data", timeout=60)
    m = ACCURACY.search(r.stdout)
    assert m, r.stdout
    accuracy = float(m.group(1).replace(",", "."))
    assert accuracy >= 0.93, r.stdout
    assert "perte (loss)" in r.stdout and "10 000 exemples de test" in r.stdout

    # the other magics on the same objects
    r = kernel.ok("%courbes history")
    assert "image/png" in r.data
    r = kernel.ok("%images data --modele model --erreurs --nombre 12", timeout=60)
    assert "image/png" in r.data and "onlyMistakes()" in r.stdout
    r = kernel.ok("%confusion model data", timeout=60)
    assert any("image/png" in d for d in all_data(r)), r.describe()[:1500]
    assert "rappel" in r.data["text/html"] and "précision" in r.data["text/html"]
    assert "<table" in kernel.ok("%resume model").data["text/html"]
    assert "Bonnes tailles de couches" in str(kernel.ok("fr.carnets.check.Check.layers(model, 20, 14, 10)").iopub)


def test_magic_errors_are_french_and_name_the_options(kernel):
    r = kernel.fails("%entrainer model data --epoch 3")
    assert "option inconnue « --epoch »" in r.error_text and "--epoques N (--epochs" in r.error_text, r.error_text
    r = kernel.fails("%modele m = Input(784) Dence(10, softmax)")
    assert "couche inconnue « Dence »" in r.error_text and "Dense(unités" in r.error_text, r.error_text
    r = kernel.fails("%donnees cifar")
    assert "Jeux disponibles : mnist, fashion-mnist" in r.error_text


def test_convnet_on_an_image_folder_from_magics(kernel):
    """Chapters 04-05 in magics: a stream pair from the course's image folder, a small CNN, early stopping."""
    r = kernel.ok("%donnees dossier images/mnist/train --taille 28 --gris --normaliser --lot 64 --validation 0.2 --graine 1",
                  timeout=60)
    assert 'ImageFolder.from(DataHome.dir().resolve("images/mnist/train")).targetSize(28, 28).grayscale()' in r.stdout, r.stdout
    assert "flux : ImageFolderIterator[1600 images, 10 classes, 1x28x28" in r.stdout, r.stdout
    assert "fluxValidation : ImageFolderIterator[400 images" in r.stdout, r.stdout
    r = kernel.ok("%modele cnn = Input(28, 28, 1) Conv2D(8, 3, relu, same) MaxPooling2D Conv2D(16, 3, relu) MaxPooling2D "
                  "Flatten Dropout(0.25) Dense(10, softmax) --graine 1 --compiler adam categorical_crossentropy accuracy")
    assert 'Conv2D(8, 3, "relu", "same"), MaxPooling2D(), Conv2D(16, 3, "relu")' in r.stdout, r.stdout
    assert "conv2d (Conv2D)" in r.data["text/html"], r.data["text/html"][:2000]
    r = kernel.ok("%entrainer cnn flux --epoques 4 --validation-donnees fluxValidation --arret 2 --silencieux", timeout=FIT_TIMEOUT)
    assert "cnn.fit(flux, Fit.epochs(4).validationData(fluxValidation).callbacks(new EarlyStopping(\"val_loss\", 2, true))" in r.stdout
    r = kernel.ok("%evaluer cnn fluxValidation", timeout=60)
    m = ACCURACY.search(r.stdout)
    assert m and float(m.group(1).replace(",", ".")) >= 0.8, r.stdout
    # the layer factory's own French error passes through, and the kernel keeps the model
    r = kernel.fails("%modele bad = Input(28, 28, 1) Conv2D(8, 3, rleu)")
    assert "%modele : dans « Conv2D(8, 3, rleu) »" in r.error_text and "rleu" in r.error_text, r.error_text
    assert kernel.value("cnn.countParams()") == str(8 * 10 + 16 * (9 * 8 + 1) + 10 * (6 * 6 * 16 + 1))


def test_aide_lists_carnets_and_kernel_magics(kernel):
    out = kernel.ok("%aide").stdout
    for example in ("%donnees mnist", "%modele model = Input(784)", "%entrainer model data", "%evaluer model data",
                    "%courbes history", "%images data", "%confusion model data", "%resume model"):
        assert example in out, out
    assert "Autres magies du noyau" in out and "%classpath" in out, out
    assert "--validation FRACTION" in kernel.ok("%help fit").stdout


# --------------------------------------------------------------------------------------------
# (b) The same from Java
# --------------------------------------------------------------------------------------------


def test_mnist_dense_from_java(kernel):
    kernel.ok("import fr.carnets.data.*;\nimport fr.carnets.dl.models.*;\nimport fr.carnets.dl.training.*;\nimport static fr.carnets.dl.layers.Layers.*;")
    kernel.ok("var d = Mnist.options().flatten().scale().oneHot().load();", timeout=120)
    r = kernel.ok('var net = new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax")).seed(7);\n'
                  'net.compile("adam", "categorical_crossentropy", "accuracy");\nnet')
    assert "dense_2 (Dense)" in r.data["text/html"]
    r = kernel.ok("var h = net.fit(d.xTrain, d.yTrain, Fit.batchSize(32).epochs(3).validationSplit(0.2).seed(7));\nh",
                  timeout=FIT_TIMEOUT)
    assert_progress_display(r)
    assert_history_plot(r)
    EPOCH_SECONDS["Dense MNIST (Java)"] = epoch_seconds(kernel, "h")
    accuracy = float(kernel.value("net.evaluate(d.xTest, d.yTest).accuracy()", timeout=60))
    assert accuracy >= 0.93
    assert kernel.value("h.get(\"val_accuracy\").length") == "3"


# --------------------------------------------------------------------------------------------
# (c) Stop during fit
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["java", "magie"])
def test_stop_during_fit_keeps_model_and_history(kernel, how):
    kernel.ok("import fr.carnets.data.*;\nimport fr.carnets.dl.models.*;\nimport fr.carnets.dl.training.*;\nimport static fr.carnets.dl.layers.Layers.*;\n"
              "import org.nd4j.linalg.indexing.NDArrayIndex;")
    kernel.ok("var dd = Mnist.options().flatten().scale().oneHot().load();\n"
              "var xs = dd.xTrain.get(NDArrayIndex.interval(0, 4000), NDArrayIndex.all());\n"
              "var ys = dd.yTrain.get(NDArrayIndex.interval(0, 4000), NDArrayIndex.all());", timeout=120)
    kernel.ok('var stopped = new Sequential(Input(784), Dense(20, "relu"), Dense(10, "softmax"));\n'
              'stopped.compile("adam", "categorical_crossentropy", "accuracy");')
    code = ("var hs = stopped.fit(xs, ys, Fit.batchSize(32).epochs(500));" if how == "java"
            else "%entrainer stopped xs ys --epochs 500 --batch 32 --historique hs")
    msg_id = kernel.send_execute(code)
    kernel.assert_still_running(code, msg_id, 4.0)
    t0 = time.monotonic()
    kernel.km.interrupt_kernel()
    r = kernel.wait_execute(code, msg_id, timeout=30)
    waited = time.monotonic() - t0
    assert waited < 10, f"réponse {waited:.1f} s après l'interruption"
    said = r.stdout + r.stderr + r.error_text
    assert "Entraînement interrompu à l'époque" in said and "Le modèle garde ses poids" in said, r.describe()[:3000]

    # the model and the epochs done remain: the History object from fit (or from the model)
    epochs = int(kernel.value("(hs != null ? hs : stopped.history()).epochs()" if how == "java" else "hs.epochs()"))
    assert 1 <= epochs < 500
    assert kernel.value("stopped.history().epochs()") == str(epochs)
    assert "interrompu" in kernel.value("stopped.history().stopReason()")
    accuracy = float(kernel.value("stopped.evaluate(dd.xTest, dd.yTest).accuracy()", timeout=60))
    assert accuracy > 0.5
    # training again works
    kernel.ok("stopped.fit(xs, ys, Fit.batchSize(64).epochs(1).verbose(0)).epochs()", timeout=60)
