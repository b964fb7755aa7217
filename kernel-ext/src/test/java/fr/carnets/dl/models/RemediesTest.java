package fr.carnets.dl.models;

import static fr.carnets.dl.layers.Layers.*;
import static fr.carnets.dl.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.schedule.ISchedule;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Conv2D;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Flatten;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.layers.L2;
import fr.carnets.dl.training.ExponentialDecay;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.Optimizer;
import fr.carnets.dl.training.Optimizers;
import fr.carnets.dl.training.SgdMomentum;

/** Chapter 05's remedies in the library: a learning-rate schedule and L2 on the weights, as Keras computes them. */
class RemediesTest {

    @Test
    void exponentialDecayFollowsKerasFormula() {
        var smooth = new ExponentialDecay(0.1, 10, 0.5);
        var stairs = new ExponentialDecay(0.1, 10, 0.5, true);
        assertEquals(0.1, smooth.at(0), 1e-12);
        assertEquals(0.05, smooth.at(10), 1e-12);
        assertEquals(0.1 * Math.pow(0.5, 0.5), smooth.at(5), 1e-12);
        assertEquals(0.1, stairs.at(9), 1e-12);
        assertEquals(0.05, stairs.at(10), 1e-12);
        assertEquals(0.025, stairs.at(25), 1e-12);
        // DL4J's schedules give the same values, step by step
        ISchedule s = smooth.toDl4j(), t = stairs.toDl4j();
        for (int step : new int[] {0, 1, 5, 10, 23, 100}) {
            assertEquals(smooth.at(step), s.valueAt(step, 0), 1e-9, "smooth at " + step);
            assertEquals(stairs.at(step), t.valueAt(step, 0), 1e-9, "staircase at " + step);
        }
        var e = assertThrows(ModelException.class, () -> new ExponentialDecay(0.1, 10, 1.5));
        assertTrue(e.getMessage().contains("decayRate"), e.getMessage());
        assertThrows(ModelException.class, () -> Optimizers.adam((ExponentialDecay) null));
    }

    /**
     * A schedule that divides the rate by a million after the first mini-batch: training 5 batches
     * ends (almost) where one batch at the initial rate ends, which a constant rate does not.
     */
    @Test
    void scheduleChangesTheStepDuringFit() {
        INDArray[] d = blobs(50, 3, 5);
        for (Optimizer opt : new Optimizer[] {Optimizers.sgd(new ExponentialDecay(0.5, 1, 1e-6, true), 0),
                Optimizers.adam(new ExponentialDecay(0.05, 1, 1e-6, true))}) {
            boolean sgd = opt.name().equals("sgd");
            Sequential oneBatch = mlpWith(sgd ? Optimizers.sgd(0.5) : Optimizers.adam(0.05), 3);
            INDArray first = d[0].get(NDArrayIndex.interval(0, 10), NDArrayIndex.all());
            oneBatch.fit(first, d[1].get(NDArrayIndex.interval(0, 10), NDArrayIndex.all()), Fit.batchSize(10).epochs(1).shuffle(false).verbose(0));
            Sequential scheduled = mlpWith(opt, 3);
            scheduled.fit(d[0], d[1], Fit.batchSize(10).epochs(1).shuffle(false).verbose(0));
            Sequential constant = mlpWith(sgd ? Optimizers.sgd(0.5) : Optimizers.adam(0.05), 3);
            constant.fit(d[0], d[1], Fit.batchSize(10).epochs(1).shuffle(false).verbose(0));
            double gapScheduled = scheduled.weights().distance2(oneBatch.weights());
            double gapConstant = constant.weights().distance2(oneBatch.weights());
            assertTrue(gapScheduled < 1e-4, opt + ": after the first batch the rate is ~0, gap " + gapScheduled);
            assertTrue(gapConstant > 1e-2, opt + ": a constant rate keeps moving, gap " + gapConstant);
        }
    }

    @Test
    void sgdMomentumTakesASchedule() {
        var u = (SgdMomentum) Optimizers.sgd(new ExponentialDecay(0.1, 10, 0.5), 0.9).toDl4j();
        assertEquals(0.1, u.getLearningRate(0, 0), 1e-9);
        assertEquals(0.05, u.getLearningRate(10, 0), 1e-9);
        assertEquals(u, u.clone());
        assertEquals(0.05, u.clone().getLearningRate(10, 0), 1e-9);
    }

    @Test
    void scheduleSurvivesSaveAndLoad(@TempDir Path dir) {
        INDArray[] d = blobs(40, 3, 6);
        var decay = new ExponentialDecay(0.02, 7, 0.3, true);
        Sequential m = mlpWith(Optimizers.adam(decay), 4);
        m.fit(d[0], d[1], Fit.batchSize(10).epochs(1).verbose(0));
        String p = dir.resolve("m.zip").toString();
        m.save(p);
        Model back = Model.load(p);
        assertEquals(decay, back.optimizer().schedule());
        assertEquals(m.predict(d[0]), back.predict(d[0]));
    }

    /** Keras's L2(λ) adds λ·Σw² to the loss: one SGD step moves each weight by an extra −lr·2λ·w, biases untouched. */
    @Test
    void l2PullsWeightsLikeKeras() {
        INDArray[] d = blobs(30, 3, 4);
        double lr = 0.1, lambda = 0.05;
        Sequential plain = regularized(null, lr);
        Sequential withL2 = regularized(L2(lambda), lr);
        INDArray w0 = ((MultiLayerNetwork) withL2.toDl4j()).getLayer(0).getParam("W").dup();
        assertEquals(w0, ((MultiLayerNetwork) plain.toDl4j()).getLayer(0).getParam("W"), "same initial weights");
        plain.fit(d[0], d[1], Fit.batchSize(30).epochs(1).shuffle(false).verbose(0));
        withL2.fit(d[0], d[1], Fit.batchSize(30).epochs(1).shuffle(false).verbose(0));
        var a = (MultiLayerNetwork) plain.toDl4j();
        var b = (MultiLayerNetwork) withL2.toDl4j();
        INDArray expectedShift = w0.mul(-lr * 2 * lambda);
        INDArray shift = b.getLayer(0).getParam("W").sub(a.getLayer(0).getParam("W"));
        assertTrue(shift.equalsWithEps(expectedShift, 1e-5), "W shift " + shift + " expected " + expectedShift);
        assertTrue(b.getLayer(0).getParam("b").equalsWithEps(a.getLayer(0).getParam("b"), 1e-6), "biases are not regularized");
        assertTrue(b.getLayer(1).getParam("W").equalsWithEps(a.getLayer(1).getParam("W"), 1e-6), "only the regularized layer moves");
    }

    @Test
    void l2OnConvolutionAndBadFactor() {
        var m = new Sequential(Input(6, 6, 1), Conv2D(2, 3, "relu").kernelRegularizer(L2(1e-3)), Flatten(), Dense(2, "softmax"));
        m.compile("adam", "categorical_crossentropy", "accuracy");
        var conv = ((MultiLayerNetwork) m.toDl4j()).getLayer(0).conf().getLayer();
        var regs = ((org.deeplearning4j.nn.conf.layers.BaseLayer) conv).getRegularization();
        assertEquals(1, regs.size());
        assertEquals(2e-3, ((org.nd4j.linalg.learning.regularization.L2Regularization) regs.get(0)).getL2().valueAt(0, 0), 1e-12);
        var e = assertThrows(ModelException.class, () -> L2(-1));
        assertTrue(e.getMessage().contains("positif"), e.getMessage());
    }

    private static Sequential regularized(L2 l2, double lr) {
        var m = new Sequential(Input(8), Dense(5, "relu").kernelRegularizer(l2), Dense(3, "softmax"));
        m.seed(11);
        m.compile(Optimizers.sgd(lr), "categorical_crossentropy", "accuracy");
        return m;
    }

    private static Sequential mlpWith(Optimizer opt, long seed) {
        var m = new Sequential(Input(8), Dense(16, "relu"), Dense(3, "softmax"));
        m.seed(seed);
        m.compile(opt, "categorical_crossentropy", "accuracy");
        return m;
    }
}
