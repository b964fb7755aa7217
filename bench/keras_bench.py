"""The Keras/TensorFlow (CPU) side of ./carnets bench: the same tasks as
bench/src/fr/carnets/bench/Bench.java, one per process, same data (MNIST IDX
files of the dataset cache, read with numpy), same batch sizes, epochs and
seed policy. Prints one JSON object on the last line of stdout.

    python keras_bench.py dense train=48000 epochs=4 data=datasets/cache
"""
import gzip
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# BatchNormalization's momentum in Keras's convention, the same on the three sides (PyTorch's default 0.1
# is 0.9 here): at Keras's 0.99 the moving averages still lag the weights after the bench's 141 to 282
# steps, and every side tested at chance on vgg and resnet.
BN_MOMENTUM = 0.9


def peak_rss_mib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return -1


def percentile(values, q):
    """The q-th percentile (nearest rank) of a list of numbers."""
    v = sorted(values)
    return v[min(len(v) - 1, max(0, int(round(q / 100 * len(v) + 0.5)) - 1))] if v else float("nan")


# The warm measure, the same on every side (Bench.java): a service that has answered a while.
WARM_CALLS, MEASURED_WARM_CALLS, WARM_SECONDS = 3000, 1000, 5.0


def warm_latencies(predict, example):
    """Milliseconds of single-example calls after up to WARM_CALLS unmeasured ones (each phase at most WARM_SECONDS)."""
    end = time.perf_counter() + WARM_SECONDS
    for i in range(WARM_CALLS):
        if time.perf_counter() > end:
            break
        predict(example(i))
    out = []
    end = time.perf_counter() + WARM_SECONDS
    for i in range(MEASURED_WARM_CALLS):
        if time.perf_counter() > end:
            break
        one = example(i)
        t = time.perf_counter()
        predict(one)
        out.append((time.perf_counter() - t) * 1000)
    return out


def read_idx(path):
    import numpy as np
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist(data, flatten):
    import numpy as np
    root = os.path.join(data, "mnist")
    out = []
    for images, labels in (("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                           ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")):
        x = read_idx(os.path.join(root, images)).astype("float32") / 255.0
        x = x.reshape(len(x), 784) if flatten else x.reshape(len(x), 28, 28, 1)
        y = np.eye(10, dtype="float32")[read_idx(os.path.join(root, labels))]
        out += [x, y]
    return out


def train(task, opt, out):
    import keras
    from keras import layers
    n_train = int(opt.get("train", 48000))
    n_test = int(opt.get("test", 10000))
    epochs = int(opt.get("epochs", 4))
    seed = int(opt.get("seed", 42))
    dense = task == "dense"
    batch = int(opt.get("batch", 32 if dense else 128))
    t = time.perf_counter()
    x, y, xt, yt = load_mnist(opt["data"], flatten=dense)
    out["load_seconds"] = time.perf_counter() - t
    x, y, xt, yt = x[:n_train], y[:n_train], xt[:n_test], yt[:n_test]
    keras.utils.set_random_seed(seed)
    if dense:
        model = keras.Sequential([keras.Input((784,)), layers.Dense(20, activation="relu"),
                                  layers.Dense(14, activation="relu"), layers.Dense(10, activation="softmax")])
    elif task == "convnet":
        model = keras.Sequential([keras.Input((28, 28, 1)),
                                  layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
                                  layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2),
                                  layers.Flatten(), layers.Dropout(0.5), layers.Dense(10, activation="softmax")])
    elif task == "vgg":  # 2 × (Conv-ReLU-BN) + pool, twice; Dense 128, Dropout, Dense 10
        def block(filters):
            return [layers.Conv2D(filters, 3, padding="same", activation="relu"), layers.BatchNormalization(momentum=BN_MOMENTUM),
                    layers.Conv2D(filters, 3, padding="same", activation="relu"), layers.BatchNormalization(momentum=BN_MOMENTUM),
                    layers.MaxPooling2D(2)]
        model = keras.Sequential([keras.Input((28, 28, 1)), *block(32), *block(64), layers.Flatten(),
                                  layers.Dense(128, activation="relu"), layers.Dropout(0.5),
                                  layers.Dense(10, activation="softmax")])
    elif task == "resnet":  # stem, two residual blocks (add), global average pooling
        def conv_bn(t):
            t = layers.Conv2D(32, 3, padding="same", activation="relu")(t)
            return layers.BatchNormalization(momentum=BN_MOMENTUM)(t)
        inputs = keras.Input((28, 28, 1))
        t = conv_bn(inputs)
        for _ in range(2):
            t = layers.Add()([t, conv_bn(conv_bn(t))])
        outputs = layers.Dense(10, activation="softmax")(layers.GlobalAveragePooling2D()(t))
        model = keras.Model(inputs, outputs)
    else:  # transfer: head fit on a frozen convolutional base (lesson 06)
        base = keras.Sequential([keras.Input((28, 28, 1)),
                                 layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
                                 layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2)])
        base.trainable = False
        model = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    out["params"] = int(model.count_params())

    class Timer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.times = []

        def on_epoch_begin(self, epoch, logs=None):
            self.t = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.times.append(time.perf_counter() - self.t)

    timer = Timer()
    h = model.fit(x, y, batch_size=batch, epochs=epochs, shuffle=True, verbose=0, callbacks=[timer])
    out["epoch_seconds"] = timer.times
    out["train_accuracy"] = float(h.history["accuracy"][-1])
    t = time.perf_counter()
    out["test_accuracy"] = float(model.evaluate(xt, yt, batch_size=256, verbose=0)[1])
    out["evaluate_seconds"] = time.perf_counter() - t
    # Inference as a service does it: batches of 256 through model(x), then one image at a time.
    t = time.perf_counter()
    for i in range(0, len(xt), 256):
        model(xt[i:i + 256], training=False)
    out["batch256_images_per_second"] = len(xt) / (time.perf_counter() - t)
    latencies = []
    for i in range(int(opt.get("predictions", 300))):
        one = xt[i % len(xt)][None]
        t = time.perf_counter()
        model(one, training=False).numpy()
        latencies.append((time.perf_counter() - t) * 1000)
    out["predict_one_ms_p50"] = percentile(latencies[20:], 50)  # the first calls warm up
    out["predict_one_ms_p99"] = percentile(latencies[20:], 99)
    warm = warm_latencies(lambda one: model(one, training=False).numpy(), lambda i: xt[i % len(xt)][None])
    out["predict_one_warm_ms_p50"] = percentile(warm, 50)
    out["predict_one_warm_ms_p99"] = percentile(warm, 99)
    out["predict_one_warm_calls"] = len(warm)
    out["train_examples"] = int(len(x))
    out["batch"] = batch


def mnist(opt, out):
    t = time.perf_counter()
    import tensorflow as tf  # noqa: F401  (what a notebook's first cell does)
    tf.constant([1.0, 2.0, 3.0]).numpy()
    out["import_seconds"] = time.perf_counter() - t
    times = []
    for _ in range(4):
        t = time.perf_counter()
        load_mnist(opt["data"], flatten=False)
        times.append(time.perf_counter() - t)
    out["load_seconds"] = times


def stream(opt, out):
    import tensorflow as tf
    import keras
    from keras import layers
    augment = opt.get("augment", "false") == "true"
    epochs = int(opt.get("epochs", 3))
    batch = int(opt.get("batch", 32))
    ds = keras.utils.image_dataset_from_directory(
        opt["dir"], labels="inferred", label_mode="categorical", color_mode="grayscale",
        image_size=(28, 28), batch_size=batch, shuffle=True, seed=42, verbose=False)
    ds = ds.map(lambda x, y: (x / 255.0, y), num_parallel_calls=tf.data.AUTOTUNE)
    if augment:
        aug = keras.Sequential([layers.RandomRotation(10 / 360), layers.RandomTranslation(0.1, 0.1),
                                layers.RandomZoom(0.1)])
        ds = ds.map(lambda x, y: (aug(x, training=True), y), num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.prefetch(tf.data.AUTOTUNE)
    rates = []
    n = 0
    for _ in range(epochs):
        t = time.perf_counter()
        n = 0
        for x, _y in ds:
            n += int(x.shape[0])
        rates.append(n / (time.perf_counter() - t))
    out["images"] = n
    out["augment"] = augment
    out["images_per_second"] = rates


def main(argv):
    t0 = time.perf_counter()
    task = argv[0]
    opt = dict(a.split("=", 1) for a in argv[1:])
    out = {"task": task, "side": "keras"}
    if task in ("dense", "convnet", "transfer", "vgg", "resnet"):
        train(task, opt, out)
    elif task == "mnist":
        mnist(opt, out)
    elif task == "stream":
        stream(opt, out)
    else:
        raise SystemExit("unknown task " + task)
    import tensorflow as tf
    import keras
    out["tensorflow"] = tf.__version__
    out["keras"] = keras.__version__
    out["process_seconds"] = time.perf_counter() - t0
    out["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
