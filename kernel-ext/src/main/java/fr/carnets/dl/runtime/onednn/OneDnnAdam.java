package fr.carnets.dl.runtime.onednn;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DL4J's Adam with its step on oneDNN ({@link AdamPlan}). Everything else (configuration, state,
 * its views in the network's updater state array, saved files) stays DL4J's own {@link AdamUpdater},
 * which also takes any step the plan does not handle (the path off, arrays not dense, doubles).
 * Same formula as libnd4j's {@code adam_updater}: with t = iteration + 1,
 * α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) (ε when that is 0 or not a number), update = α·m/(√v + ε).
 */
final class OneDnnAdam implements GradientUpdater<Adam> {
    private final AdamUpdater dl4j;
    private final PlanCache<AdamPlan.Geometry, AdamPlan> plans = new PlanCache<>(2);
    long steps;

    OneDnnAdam(AdamUpdater dl4j) {
        this.dl4j = dl4j;
    }

    /**
     * Puts this Adam in each block whose updater is DL4J's (initialising the block first, as its
     * first update would); blocks already done are left as they are.
     */
    static void install(List<UpdaterBlock> blocks) {
        for (UpdaterBlock b : blocks) {
            if (b.getGradientUpdater() == null) b.init();
            if (b.getGradientUpdater() != null && b.getGradientUpdater().getClass() == AdamUpdater.class) {
                b.setGradientUpdater(new OneDnnAdam((AdamUpdater) b.getGradientUpdater()));
            }
        }
    }

    @Override
    public Adam getConfig() {
        return dl4j.getConfig();
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        dl4j.setState(state, initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return dl4j.getState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        dl4j.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        INDArray m = dl4j.getM(), v = dl4j.getV();
        if (!OneDnn.enabled() || !AdamPlan.handles(gradient, m, v)) {
            dl4j.applyUpdater(gradient, iteration, epoch);
            return;
        }
        Adam c = dl4j.getConfig();
        var g = new AdamPlan.Geometry(gradient.length(), (float) c.getBeta1(), (float) c.getBeta2(), (float) c.getEpsilon());
        plans.get(g, AdamPlan.Geometry::equals, AdamPlan::new).step(gradient, m, v, rate(c, iteration, epoch));
        steps++;
    }

    /**
     * α of step {@code iteration} (0-based), bias correction included, in libnd4j's precision: the
     * betas as floats, so 1 − β₂ᵗ cancels as it does there (in double, α differed by 1e-5 relative).
     */
    static float rate(Adam c, int iteration, int epoch) {
        double t = iteration + 1.0;
        float lr = (float) c.getLearningRate(iteration, epoch);
        float beta1T = (float) Math.pow((float) c.getBeta1(), t), beta2T = (float) Math.pow((float) c.getBeta2(), t);
        float alpha = (float) (lr * (float) Math.sqrt((float) (1.0 - beta2T)) / (1.0 - beta1T));
        return Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0 ? (float) c.getEpsilon() : alpha;
    }
}
