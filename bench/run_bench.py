"""./carnets bench: our training (public kernel-ext API, Java) against Keras/TensorFlow CPU and
PyTorch CPU (eager), each run in its own process, interleaved (ours, keras, torch, ours...),
same data, batch sizes, epochs and seeds. Run by ./carnets bench with the course's .venv Python (it needs
jupyter_client to time the real kernel); Keras runs in the bench virtualenv.

Prints four lines per model:
    bench <model> ours=<s> keras=<s> torch=<s> ratio=<r> ratio_best=<r> acc_ours=<a> acc_keras=<a> acc_torch=<a>
    bench <model> fit ours=<s> keras=<s> torch=<s> ratio_best=<r> first_over_steady_ours=<r> (whole fit, fresh process)
    bench <model> predict p50_ours=<ms> ... p99_ours=<ms> ... b256_ours=<images/s> ...
    bench <model> predict_warm p50_ours=<ms> ... (single examples again, after up to 3 000 calls)
(seconds per epoch are the median after the first epoch; ratio is ours/Keras, ratio_best ours/the faster
peer) then the start-up, loading, streaming and memory figures, and writes everything as JSON
to bench/results/<timestamp>.json.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))
from carnets_tools.launcher import HEAP_OPTS, JIT_OPTS  # noqa: E402  (the kernel's JIT and heap: the bench measures what notebooks get)
MODELS = ("dense", "convnet", "transfer", "vgg", "resnet")
PEERS = ("keras", "torch")
#: Per model: (training examples, epochs, batch) when not given on the command line. The BN and residual
#: nets are the runs of issue 27 (12 000 images, 3 epochs), an epoch there costing 10-20 × a dense one.
DEFAULTS = {"dense": (48000, 4, 32), "convnet": (48000, 4, 128), "transfer": (48000, 4, 128),
            "vgg": (12000, 3, 128), "resnet": (12000, 3, 128)}


def log(msg):
    print("   " + msg, file=sys.stderr, flush=True)


def run_json(cmd, env, logfile, timeout):
    """Runs one benchmark process; returns the JSON object of its last stdout line."""
    t = time.perf_counter()
    with open(logfile, "w") as err:
        p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=err, text=True, timeout=timeout, cwd=ROOT)
    wall = time.perf_counter() - t
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    if p.returncode != 0 or not lines:
        with open(logfile) as f:
            tail = f.read()[-3000:]
        raise RuntimeError("échec de %s (code %s) :\n%s%s" % (" ".join(cmd[:6]), p.returncode, p.stdout[-2000:], tail))
    out = json.loads(lines[-1])
    out["wall_seconds"] = wall
    return out


class Runner:
    def __init__(self, args):
        self.args = args
        self.logdir = os.path.join(ROOT, "build", "bench", "logs")
        os.makedirs(self.logdir, exist_ok=True)
        self.count = 0

    def ours(self, task, **kw):
        # The kernel's launcher settings (carnets_tools.launcher): the bench measures what notebooks get.
        env = dict(os.environ)
        env["OMP_NUM_THREADS"] = self.args.threads
        jvm = ["java", "-XX:+UseSerialGC", *JIT_OPTS, *HEAP_OPTS, "-Xmx" + self.args.xmx, "-Djava.awt.headless=true",
               "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dcarnets.data=" + self.args.data,
               "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
               "-Dcarnets.threads=" + os.environ.get("CARNETS_THREADS", "0")]
        jvm += self.args.java_opt
        cmd = jvm + ["-cp", self.args.classpath, "fr.carnets.bench.Bench", task] + ["%s=%s" % kv for kv in kw.items()]
        return self._run("ours", task, cmd, env)

    def keras(self, task, **kw):
        return self._peer("keras", task, kw)

    def torch(self, task, **kw):
        return self._peer("torch", task, kw)

    def _peer(self, side, task, kw):
        env = dict(os.environ)
        env.pop("OMP_NUM_THREADS", None)  # the framework's own thread defaults, as its users get them
        env["TF_CPP_MIN_LOG_LEVEL"] = "2"
        kw.setdefault("data", self.args.data)
        script = os.path.join(ROOT, "bench", side + "_bench.py")
        cmd = [self.args.keras_python, script, task] + ["%s=%s" % kv for kv in kw.items()]
        return self._run(side, task, cmd, env)

    def _run(self, side, task, cmd, env):
        self.count += 1
        logfile = os.path.join(self.logdir, "%02d-%s-%s.log" % (self.count, side, task))
        log("%s %s..." % (side, task))
        out = run_json(cmd, env, logfile, self.args.timeout)
        return out


def median_epoch(results):
    """Median seconds per epoch over the epochs after the first (warm-up), pooled over runs."""
    timed = [s for r in results for s in r["epoch_seconds"][1:]]
    return statistics.median(timed) if timed else float("nan")


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def machine(args):
    info = {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name") and "cpu" not in info:
                    info["cpu"] = line.split(":", 1)[1].strip()
                elif line.startswith("flags"):
                    # The same "AMD EPYC" came with and without AVX-512 (7 December): oneDNN's speed follows it.
                    flags = line.split(":", 1)[1].split()
                    info["simd"] = "avx512" if "avx512f" in flags else "avx2" if "avx2" in flags else "other"
                    break
        with open("/proc/meminfo") as f:
            info["ram_gib"] = round(int(f.readline().split()[1]) / 1048576, 1)
    except OSError:
        pass
    try:
        v = subprocess.run(["java", "-version"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True).stderr
        info["jdk"] = v.splitlines()[0] if v else "?"
    except OSError:
        info["jdk"] = "?"
    try:
        v = subprocess.run([args.keras_python, "-c", "import tensorflow as tf, keras; print(tf.__version__, keras.__version__)"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
        tf_v, k_v = v.stdout.split()
        info["tensorflow"], info["keras"] = tf_v, k_v
    except (OSError, ValueError):
        pass
    try:
        v = subprocess.run([args.keras_python, "-c", "import torch; print(torch.__version__, torch.get_num_threads())"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        info["torch"], info["torch_threads"] = v.stdout.split()
    except (OSError, ValueError):
        pass
    info["dl4j"] = "1.0.0-M2.1"
    info["omp_num_threads_ours"] = args.threads
    info["ours_config"] = "as shipped: nd4j-native linux-x86_64-onednn, oneDNN helpers on, threads per model (CARNETS_THREADS=%s)" \
        % os.environ.get("CARNETS_THREADS", "auto")
    try:  # which code was measured: before/after files then describe themselves
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        head = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True).stdout.strip()
        if head:
            info["commit"] = head + (" (modifié)" if dirty else "")
    except OSError:
        pass
    try:
        info["load_average"] = os.getloadavg()
    except OSError:
        pass
    return info


# ---------------------------------------------------------------------------- kernel

KERNEL_CELLS = [
    ("first_result", "1 + 1"),
    ("first_dl4j_cell", "import org.nd4j.linalg.factory.Nd4j;\nNd4j.create(new float[] {1f, 2f, 3f})"),
    ("first_model_cell", "import fr.carnets.dl.models.*;\nimport fr.carnets.dl.training.*;\nimport static fr.carnets.dl.layers.Layers.*;\n"
                         "var m = new Sequential(Input(784), Dense(10, \"softmax\"));\nm.countParams()"),
    ("mnist_load_cold", "var d = fr.carnets.data.Mnist.options().scale().oneHot().load();\nd.xTrain.size(0)"),
    ("mnist_load_warm", "d = fr.carnets.data.Mnist.options().scale().oneHot().load();\nd.xTrain.size(0)"),
    ("mnist_load_warm2", "d = fr.carnets.data.Mnist.options().scale().oneHot().load();\nd.xTrain.size(0)"),
    ("peak_rss", "java.nio.file.Files.readAllLines(java.nio.file.Path.of(\"/proc/self/status\")).stream()"
                 ".filter(l -> l.startsWith(\"VmHWM\")).findFirst().orElse(\"VmHWM: -1 kB\")"),
    # Per-statement cost (issue 24), after peak_rss: compiling 1 000 statements adds about 30 MiB to the peak,
    # and peak_rss must stay comparable with earlier runs (issue 27's 662 MiB).
    ("cell_15_declarations", "".join("int decl%d = %d;\n" % (i, i) for i in range(15))),
    ("cell_15_statements", "int acc = 0;\n" + "".join("acc += %d;\n" % i for i in range(14))),
    ("cell_1000_statements", "int sum = 0;\n" + "".join("sum += %d;\n" % i for i in range(999)) + "sum"),
]


def kernel_timings(args):
    """Starts the real kernel (kernelspec carnets-java) through jupyter_client and times cells."""
    from jupyter_client.manager import KernelManager
    result = {}
    t0 = time.perf_counter()
    km = KernelManager(kernel_name="carnets-java")
    km.start_kernel(cwd=ROOT)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        result["ready"] = time.perf_counter() - t0
        for name, code in KERNEL_CELLS:
            t = time.perf_counter()
            msg_id = kc.execute(code)
            text, error = None, None
            while True:
                m = kc.get_iopub_msg(timeout=300)
                if m["parent_header"].get("msg_id") != msg_id:
                    continue
                kind = m["msg_type"]
                if kind == "execute_result":
                    text = m["content"]["data"].get("text/plain")
                elif kind == "error":
                    error = m["content"].get("ename", "") + ": " + m["content"].get("evalue", "")
                elif kind == "status" and m["content"]["execution_state"] == "idle":
                    break
            elapsed = time.perf_counter() - t
            if error:
                if name == "first_result":
                    raise RuntimeError("cellule %s : %s" % (name, error))
                log("cellule %s en échec : %s" % (name, error))
                result.setdefault("errors", {})[name] = error
                result[name] = float("nan")
                continue
            if name == "first_result":
                result["start_to_first_result"] = time.perf_counter() - t0
                result["first_result_cell"] = elapsed
            elif name == "peak_rss":
                try:
                    result["peak_rss_mib"] = int(text.strip().strip('"').split()[1]) / 1024.0
                except (AttributeError, IndexError, ValueError):
                    result["peak_rss_mib"] = -1
            else:
                result[name] = elapsed
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return result


# ---------------------------------------------------------------------------- streaming

def big_folder(src, copies):
    """A folder `copies` times larger than src, made of hard links (no extra disk space)."""
    dst = os.path.join(ROOT, "build", "bench", "images-x%d" % copies)
    stamp = os.path.join(dst, ".complete")
    if os.path.exists(stamp):
        return dst
    shutil.rmtree(dst, ignore_errors=True)
    for cls in sorted(os.listdir(src)):
        d = os.path.join(src, cls)
        if not os.path.isdir(d):
            continue
        os.makedirs(os.path.join(dst, cls))
        for k in range(copies):
            for name in os.listdir(d):
                target = os.path.join(dst, cls, "c%02d_%s" % (k, name))
                try:
                    os.link(os.path.join(d, name), target)
                except OSError:
                    shutil.copyfile(os.path.join(d, name), target)
    open(stamp, "w").close()
    return dst


def model_settings(args, model):
    """(training examples, epochs, batch) of one model: the command line's, or DEFAULTS (smaller with --quick)."""
    train, epochs, batch = DEFAULTS[model]
    if args.quick:
        train, epochs = train // 10, 2
    return args.train or train, args.epochs or epochs, batch


def bench_model(r, args, model, report):
    """Runs one model on every side, interleaved round by round; returns its three bench lines."""
    train, epochs, batch = model_settings(args, model)
    test = 2000 if args.quick else 10000
    runs = {side: [] for side in ("ours",) + PEERS}
    for _ in range(args.rounds):
        for side in runs:
            runs[side].append(getattr(r, side)(model, train=train, test=test, epochs=epochs, batch=batch, seed=42))
    epoch = {side: median_epoch(rs) for side, rs in runs.items()}
    # What a learner waits for: the whole fit, first epoch included, in a fresh process (median over rounds).
    fit = {side: statistics.median(sum(x["epoch_seconds"]) for x in rs) for side, rs in runs.items()}
    first = statistics.median(x["epoch_seconds"][0] for x in runs["ours"])
    acc = {side: mean([x["test_accuracy"] for x in rs]) for side, rs in runs.items()}
    p50 = {side: statistics.median(x["predict_one_ms_p50"] for x in rs) for side, rs in runs.items()}
    p99 = {side: statistics.median(x["predict_one_ms_p99"] for x in rs) for side, rs in runs.items()}
    b256 = {side: statistics.median(x["batch256_images_per_second"] for x in rs) for side, rs in runs.items()}
    warm50 = {side: statistics.median(x.get("predict_one_warm_ms_p50", float("nan")) for x in rs) for side, rs in runs.items()}
    warm99 = {side: statistics.median(x.get("predict_one_warm_ms_p99", float("nan")) for x in rs) for side, rs in runs.items()}
    best = min(epoch[p] for p in PEERS)
    best_fit = min(fit[p] for p in PEERS)
    lines = [
        "bench %s ours=%s keras=%s torch=%s ratio=%s ratio_best=%s acc_ours=%s acc_keras=%s acc_torch=%s" % (
            model, fmt(epoch["ours"]), fmt(epoch["keras"]), fmt(epoch["torch"]), fmt(epoch["ours"] / epoch["keras"]),
            fmt(epoch["ours"] / best), fmt(acc["ours"], 4), fmt(acc["keras"], 4), fmt(acc["torch"], 4)),
        "bench %s fit ours=%s keras=%s torch=%s ratio_best=%s first_over_steady_ours=%s (s, %d époques, processus neuf)" % (
            model, fmt(fit["ours"]), fmt(fit["keras"]), fmt(fit["torch"]), fmt(fit["ours"] / best_fit),
            fmt(first / epoch["ours"]), epochs),
        "bench %s predict p50_ours=%s p50_keras=%s p50_torch=%s p99_ours=%s p99_keras=%s p99_torch=%s "
        "b256_ours=%s b256_keras=%s b256_torch=%s (ms par image seule ; images/s par lots de 256)" % (
            model, fmt(p50["ours"]), fmt(p50["keras"]), fmt(p50["torch"]), fmt(p99["ours"]), fmt(p99["keras"]),
            fmt(p99["torch"]), fmt(b256["ours"], 0), fmt(b256["keras"], 0), fmt(b256["torch"], 0)),
        "bench %s predict_warm p50_ours=%s p50_keras=%s p50_torch=%s p99_ours=%s p99_keras=%s p99_torch=%s "
        "(ms par image seule, après jusqu'à 3 000 appels ou 5 s)" % (
            model, fmt(warm50["ours"], 3), fmt(warm50["keras"], 3), fmt(warm50["torch"], 3), fmt(warm99["ours"], 3),
            fmt(warm99["keras"], 3), fmt(warm99["torch"], 3)),
    ]
    for line in lines:
        print(line, flush=True)
    report["models"][model] = {
        "s_per_epoch": epoch, "ratio": epoch["ours"] / epoch["keras"], "ratio_best": epoch["ours"] / best,
        "fit_seconds": fit, "fit_ratio_best": fit["ours"] / best_fit, "first_over_steady_ours": first / epoch["ours"],
        "accuracy": acc, "predict_one_ms_p50": p50, "predict_one_ms_p99": p99, "batch256_images_per_second": b256,
        "predict_one_warm_ms_p50": warm50, "predict_one_warm_ms_p99": warm99,
        "peak_rss_mib": {side: max(x["peak_rss_mib"] for x in rs) for side, rs in runs.items()},
        "settings": {"train_examples": train, "epochs": epochs, "batch": batch}, "runs": runs}
    return lines


def fmt(x, digits=2):
    return ("%." + str(digits) + "f") % x if isinstance(x, (int, float)) and x == x else "nan"


def main():
    ap = argparse.ArgumentParser(description="Carnets vs Keras benchmarks")
    ap.add_argument("models", nargs="*", default=list(MODELS))
    ap.add_argument("--quick", action="store_true", help="1 timed epoch on a subset (smoke test)")
    ap.add_argument("--rounds", type=int, default=1, help="processes per side and model (interleaved)")
    ap.add_argument("--epochs", type=int, default=None, help="epochs per process, the first being the warm-up (default: DEFAULTS)")
    ap.add_argument("--train", type=int, default=None, help="training examples (default: DEFAULTS)")
    ap.add_argument("--skip", action="append", default=[], choices=["kernel", "load", "stream", "models"])
    ap.add_argument("--classpath", required=True)
    ap.add_argument("--keras-python", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--threads", default=os.environ.get("OMP_NUM_THREADS", str(os.cpu_count() or 1)))
    ap.add_argument("--xmx", default="2g")
    ap.add_argument("--java-opt", action="append", default=[])
    ap.add_argument("--timeout", type=int, default=3600)
    ap.add_argument("--results", default=os.path.join(ROOT, "bench", "results"))
    args = ap.parse_args()
    for m in args.models:
        if m not in MODELS:
            ap.error("modèle inconnu : %s (modèles : %s)" % (m, ", ".join(MODELS)))

    test = 2000 if args.quick else 10000
    stream_epochs = 2 if args.quick else 3
    r = Runner(args)
    report = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "quick": args.quick,
              "machine": machine(args),
              "settings": {"models": {m: dict(zip(("train_examples", "epochs", "batch"), model_settings(args, m)))
                                      for m in args.models},
                           "warmup_epochs": 1, "test_examples": test, "rounds": args.rounds, "seed": 42},
              "models": {}, "kernel": None, "load": None, "stream": None}
    lines = []
    load = report["machine"].get("load_average")
    if load and load[0] > (os.cpu_count() or 1):
        log("attention : charge de la machine %.1f pour %d cœurs ; d'autres calculs faussent les mesures."
            % (load[0], os.cpu_count() or 1))

    if "models" not in args.skip:
        for model in args.models:
            lines += bench_model(r, args, model, report)

    if "kernel" not in args.skip:
        reps = 1 if args.quick else 3
        runs = []
        for _ in range(reps):
            log("noyau carnets-java (jupyter_client)...")
            runs.append(kernel_timings(args))
        k = {key: statistics.median(x[key] for x in runs) for key in runs[0] if key != "errors"}
        k["runs"] = runs
        report["kernel"] = k
        line = ("bench kernel start_to_first_result=%s first_dl4j_cell=%s first_model_cell=%s "
                "mnist_load_warm=%s mnist_load_cold=%s peak_rss_mib=%s") % (
            fmt(k["start_to_first_result"]), fmt(k["first_dl4j_cell"]), fmt(k["first_model_cell"]),
            fmt(min(k["mnist_load_warm"], k["mnist_load_warm2"])), fmt(k["mnist_load_cold"]), fmt(k["peak_rss_mib"], 0))
        print(line, flush=True)
        lines.append(line)
        line = "bench statements cell_15_declarations=%s cell_15_statements=%s cell_1000_statements=%s (s, jupyter_client)" % (
            fmt(k["cell_15_declarations"]), fmt(k["cell_15_statements"]), fmt(k["cell_1000_statements"]))
        print(line, flush=True)
        lines.append(line)

    if "load" not in args.skip:
        o, k = r.ours("mnist"), r.keras("mnist")
        report["load"] = {"ours": o, "keras": k}
        line = "bench mnist_load ours=%s keras=%s (warm, 70 000 images scaled + one-hot; first: ours=%s keras=%s)" % (
            fmt(min(o["load_seconds"][1:])), fmt(min(k["load_seconds"][1:])), fmt(o["load_seconds"][0]), fmt(k["load_seconds"][0]))
        print(line, flush=True)
        lines.append(line)

    if "stream" not in args.skip:
        src = os.path.join(args.data, "images", "mnist", "train")
        sizes = [("small", src), ("large", big_folder(src, 2 if args.quick else 10))]
        report["stream"] = {}
        for size, folder in sizes:
            for augment in ("false", "true"):
                o = r.ours("stream", dir=folder, augment=augment, epochs=stream_epochs)
                k = r.keras("stream", dir=folder, augment=augment, epochs=stream_epochs)
                ro, rk = max(o["images_per_second"][1:]), max(k["images_per_second"][1:])
                key = "%s_%s" % (size, "augment" if augment == "true" else "plain")
                report["stream"][key] = {"images": o["images"], "ours_images_per_s": ro, "keras_images_per_s": rk,
                                         "ours_peak_rss_mib": o["peak_rss_mib"], "keras_peak_rss_mib": k["peak_rss_mib"],
                                         "ours": o, "keras": k}
                line = "bench stream images=%d augment=%s ours=%s/s keras=%s/s ratio=%s rss_ours=%sMiB rss_keras=%sMiB" % (
                    o["images"], augment, fmt(ro, 0), fmt(rk, 0), fmt(ro / rk), fmt(o["peak_rss_mib"], 0), fmt(k["peak_rss_mib"], 0))
                print(line, flush=True)
                lines.append(line)

    report["lines"] = lines
    try:
        report["machine"]["load_average_end"] = os.getloadavg()  # > cores: other work shared the machine
    except OSError:
        pass
    os.makedirs(args.results, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = os.path.join(args.results, stamp + ("-quick" if args.quick else "") + ".json")
    with open(path, "w") as f:
        json.dump(report, f, indent=1)
    print("Résultats : %s" % os.path.relpath(path, ROOT), flush=True)


if __name__ == "__main__":
    main()
