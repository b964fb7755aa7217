package fr.carnets.dl.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.runtime.Performance;

/**
 * The loop of one fit: epochs of mini-batches from a {@link Batches}, the epoch's mean loss and
 * accuracy, validation, and the callbacks around it. The History and the progress bar are
 * callbacks applied before the learner's ones, as in Keras. Stops at the next batch when the
 * cell is interrupted, keeping the epochs done.
 */
final class Trainer {
    private final Trainable model;
    private final FitOptions options;

    Trainer(Trainable model, FitOptions options) {
        this.model = model;
        this.options = options;
    }

    /** History first, then the progress bar and the divergence warning, the learner's callbacks, and the live curve last. */
    private List<Callback> callbacks(History h) {
        List<Callback> cbs = new ArrayList<>();
        cbs.add(new HistoryCallback(h));
        cbs.add(new Progress(options.epochs(), options.showsProgress()));
        cbs.add(new DivergenceCheck());
        cbs.addAll(options.callbackList());
        if (options.drawsLiveCurve()) {
            Callback live = NotebookHooks.newLiveCurve();
            if (live != null) cbs.add(live);
        }
        return cbs;
    }

    History run(FitData data) {
        if (options.givenSeed() != null) Nd4j.getRandom().setSeed(data.seed());
        Performance.prepare(model.toDl4j());
        History h = new History();
        List<Callback> cbs = callbacks(h);
        Training training = new Training(options.epochs());
        for (Callback c : cbs) c.onTrainBegin(model, h);
        try {
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                Map<String, Double> logs = epoch(data, epoch, cbs, h);
                if (logs == null) return h; // interrupted
                for (Callback c : cbs) c.onEpochEnd(model, epoch, logs, training);
                if (training.stopRequested) {
                    h.setStopReason(training.stopReason);
                    break;
                }
            }
            return h;
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e, options.batchSize());
        } catch (RuntimeException e) {
            if (isOffHeapOom(e)) throw outOfMemory(e, options.batchSize());
            throw e;
        } finally {
            // a ThreadDeath (Stop after an ignored interrupt) skips this: model.history() still holds the epochs done
            for (Callback c : cbs) {
                try {
                    c.onTrainEnd(model, h);
                } catch (RuntimeException ignored) {
                    // one callback's failure must not hide the training's own outcome
                }
            }
        }
    }

    /** One epoch; its logs, or null when the cell was interrupted (the reason is then in {@code h}). */
    private Map<String, Double> epoch(FitData data, int epoch, List<Callback> cbs, History h) {
        Batches batches = data.batches();
        for (Callback c : cbs) c.onEpochBegin(model, epoch, batches.steps());
        batches.start(epoch);
        int steps = batches.steps();
        boolean acc = model.compileConfig().metrics().contains("accuracy");
        boolean mae = model.compileConfig().metrics().contains("mae");
        double lossSum = 0, absSum = 0;
        long correct = 0, seen = 0;
        int step = 0;
        while (batches.hasNext()) {
            DataSet ds = batches.next();
            INDArray bx = ds.getFeatures(), by = ds.getLabels();
            long bs = bx.size(0);
            boolean own = acc && model.countsWhileFitting();
            if (acc && !own) correct += Losses.correct(by, model.output(bx));
            if (mae) absSum += Losses.absoluteErrorSum(by, model.output(bx)); // before the step, as Keras measures it
            long c = model.fitBatch(bx, by, own);
            if (own) correct += c >= 0 ? c : Losses.correct(by, model.output(bx));
            lossSum += model.batchLoss() * bs;
            seen += bs;
            step++;
            for (Callback cb : cbs) cb.onBatchEnd(model, step, lossSum / seen, acc ? (double) correct / seen : Double.NaN);
            if (Thread.currentThread().isInterrupted()) {
                Thread.interrupted(); // the cell ends normally: leave the flag clear for the next one
                h.setStopReason(String.format(Locale.ROOT,
                        "Entraînement interrompu à l'époque %d/%d, lot %d/%s. Le modèle garde ses poids actuels ; "
                                + "l'historique contient les %d époque(s) terminée(s) (model.history()).",
                        epoch + 1, options.epochs(), step, steps > 0 ? String.valueOf(steps) : "?", h.epochs()));
                return null;
            }
        }
        batches.end();
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", seen == 0 ? Double.NaN : lossSum / seen);
        if (acc) logs.put("accuracy", seen == 0 ? Double.NaN : (double) correct / seen);
        if (mae) logs.put("mae", seen == 0 ? Double.NaN : absSum / seen);
        if (data.validation() != null) {
            double[] lv = data.validation().evaluate(model);
            logs.put("val_loss", lv[0]);
            if (acc) logs.put("val_accuracy", lv[1]);
            if (mae) logs.put("val_mae", lv[2]);
        }
        return logs;
    }

    private static boolean isOffHeapOom(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("Cannot allocate") || m.contains("Physical memory usage is too high")
                    || m.contains("out of memory") || m.contains("Out of memory"))) return true;
        }
        return false;
    }

    static ModelException outOfMemory(Throwable e, int batchSize) {
        long max = Runtime.getRuntime().maxMemory() >> 20;
        return new ModelException("Mémoire insuffisante pendant le calcul (" + e.getClass().getSimpleName() + " : " + e.getMessage()
                + "). Essayez, dans l'ordre : une taille de lot plus petite (batchSize, ici " + batchSize
                + "), moins de données (un sous-ensemble de x), un modèle plus petit ; ou plus de mémoire pour le noyau "
                + "(variable CARNETS_XMX, tas Java actuel " + max + " Mo ; la mémoire hors tas d'ND4J suit -Dorg.bytedeco.javacpp.maxbytes).", e);
    }
}
