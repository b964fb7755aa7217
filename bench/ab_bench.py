"""A/B of our own side of the bench: two builds of Carnets (two classpaths, each with the bench's
classes compiled against it) train the same models in alternation, A B B A A B..., one process
each, with the settings of run_bench.py (same data, batches, epochs, seed, JVM flags). Used to show
that a change of design leaves the speed where it was; the peers are not run.

    python bench/ab_bench.py --a CP_A --b CP_B --data datasets/cache [--rounds 3] [dense convnet ...]

The same build with two JVM settings: --a CP --b CP --java-opt-b=-XX:CompileThresholdScaling=0.2.

Prints per model the median seconds per epoch after the first (pooled over rounds) and the whole
fit, A against B, with every run's figure, and writes bench/results/<timestamp>-ab.json.
"""
import argparse
import copy
import datetime
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description="A/B of two Carnets builds on the bench's models")
    ap.add_argument("models", nargs="*", default=["dense", "convnet", "transfer"])
    ap.add_argument("--a", required=True, help="classpath of build A (bench classes first)")
    ap.add_argument("--b", required=True, help="classpath of build B")
    ap.add_argument("--label-a", default="A")
    ap.add_argument("--label-b", default="B")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=None, help="epochs per process, the first a warm-up (default: the bench's)")
    ap.add_argument("--train", type=int, default=None, help="training examples (default: the bench's)")
    ap.add_argument("--data", required=True)
    ap.add_argument("--threads", default=os.environ.get("OMP_NUM_THREADS", str(os.cpu_count() or 1)))
    ap.add_argument("--xmx", default="2g")
    ap.add_argument("--java-opt-a", action="append", default=[], help="a JVM option of side A only (repeatable)")
    ap.add_argument("--java-opt-b", action="append", default=[], help="a JVM option of side B only (repeatable)")
    ap.add_argument("--timeout", type=int, default=3600)
    args = ap.parse_args()
    base = argparse.Namespace(quick=False, train=args.train, epochs=args.epochs, data=args.data, threads=args.threads,
                              xmx=args.xmx, java_opt=[], timeout=args.timeout)
    sides = {}
    for label, cp, opts in ((args.label_a, args.a, args.java_opt_a), (args.label_b, args.b, args.java_opt_b)):
        ns = copy.copy(base)
        ns.classpath = cp
        ns.java_opt = list(opts)
        sides[label] = run_bench.Runner(ns)
    labels = list(sides)
    report = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "machine": run_bench.machine(
        argparse.Namespace(keras_python=sys.executable, threads=args.threads)),
        "classpaths": {args.label_a: args.a, args.label_b: args.b},
        "java_opts": {args.label_a: args.java_opt_a, args.label_b: args.java_opt_b}, "models": {}}
    for model in args.models:
        train, epochs, batch = run_bench.model_settings(base, model)
        runs = {label: [] for label in labels}
        for i in range(args.rounds):
            order = labels if i % 2 == 0 else labels[::-1]  # A B, B A, A B...: drift hits both sides alike
            for label in order:
                runs[label].append(sides[label].ours(model, train=train, test=10000, epochs=epochs, batch=batch, seed=42))
        epoch = {l: run_bench.median_epoch(rs) for l, rs in runs.items()}
        fit = {l: statistics.median(sum(r["epoch_seconds"]) for r in rs) for l, rs in runs.items()}
        every = {l: [round(s, 3) for r in rs for s in r["epoch_seconds"][1:]] for l, rs in runs.items()}
        first = {l: statistics.median(r["epoch_seconds"][0] for r in rs) for l, rs in runs.items()}
        a, b = labels
        print("ab %s %s=%.3f %s=%.3f b_over_a=%.3f fit %s=%.2f %s=%.2f (s/époque, médiane de %d processus)"
              % (model, a, epoch[a], b, epoch[b], epoch[b] / epoch[a], a, fit[a], b, fit[b], args.rounds), flush=True)
        for l in labels:
            print("   %s %s ; première époque %.2f s (%.2f × l'époque stable)" % (
                l, " ".join("%.2f" % s for s in every[l]), first[l], first[l] / epoch[l]), flush=True)
        report["models"][model] = {"s_per_epoch": epoch, "fit_seconds": fit, "epochs_after_first": every, "first_epoch": first,
                                   "accuracy": {l: [r["test_accuracy"] for r in rs] for l, rs in runs.items()},
                                   "settings": {"train_examples": train, "epochs": epochs, "batch": batch}}
    out = os.path.join(run_bench.ROOT, "bench", "results",
                       datetime.datetime.now().strftime("%Y%m%d-%H%M%S") + "-ab.json")
    with open(out, "w") as f:
        json.dump(report, f, indent=1)
    print("   résultats : " + out, file=sys.stderr)


if __name__ == "__main__":
    main()
