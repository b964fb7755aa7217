package fr.carnets.dl.runtime.onednn;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Puts DL4J's updater back on its standard path.
 *
 * <p>Why: in DL4J 1.0.0-M2.1, {@code BaseMultiLayerUpdater.update} decides that a gradient is
 * "external" (computed by another network) when {@code gradient.gradient()} is not, by identity,
 * the network's gradient view; but {@code DefaultGradient.gradient()} returns a new reshaped array
 * on every call, so every step of every network takes the external path. That path re-slices the
 * whole parameter and gradient vectors for each parameter of each block, before and after the
 * updater: dozens of new arrays per step, each with native shape buffers and deallocator
 * references that the young GC copies and processes (profiled on the transfer model: 43 % of the
 * bytes a fit step allocates). These subclasses give DL4J the view itself when the gradient is
 * that view, so the views built once in the constructor are used. Same arithmetic, same state
 * array (Adam's moments carry over), same saved files; any other gradient goes the original way.
 * Each update also bumps the network's {@link WeightVersion} and puts DL4J's Adam blocks on
 * oneDNN ({@link OneDnnAdam}). Installed once, by
 * {@link NetworkPatches#install}.
 */
public final class ViewUpdaters {
    private ViewUpdaters() {}

    /**
     * Replaces the network's updater by ours, keeping its state; idempotent. Returns the version of
     * the network's weights, or null when the network has someone else's updater (then nothing
     * may be reused across calls).
     */
    public static WeightVersion install(org.deeplearning4j.nn.api.Model net) {
        if (net instanceof MultiLayerNetwork m && m.getLayers() != null) {
            Updater u = m.getUpdater(true);
            if (u instanceof ForNetwork ours) return ours.version;
            if (!(u instanceof MultiLayerUpdater old) || old.getClass() != MultiLayerUpdater.class) return null; // someone else's
            ForNetwork ours = new ForNetwork(m, old.getStateViewArray(), new WeightVersion());
            m.setUpdater(ours);
            return ours.version;
        } else if (net instanceof ComputationGraph g && g.getLayers() != null) {
            ComputationGraphUpdater u = g.getUpdater(true);
            if (u instanceof ForGraph ours) return ours.version;
            if (u == null || u.getClass() != ComputationGraphUpdater.class) return null; // someone else's
            ForGraph ours = new ForGraph(g, u.getStateViewArray(), new WeightVersion());
            g.setUpdater(ours);
            return ours.version;
        }
        return null;
    }

    /** The version of the network's weights, when its updater is ours. */
    static WeightVersion versionOf(org.deeplearning4j.nn.api.Model net) {
        Object u = net instanceof MultiLayerNetwork m ? m.getUpdater(false) : net instanceof ComputationGraph g ? g.getUpdater(false) : null;
        return u instanceof ForNetwork f ? f.version : u instanceof ForGraph g ? g.version : null;
    }

    /**
     * What both updaters do first: bump the version (the step's update is subtracted right after),
     * put DL4J's Adam blocks on oneDNN (a no-op once done), then {@link #standard}.
     */
    private static Gradient step(WeightVersion version, List<org.deeplearning4j.nn.updater.UpdaterBlock> blocks, Gradient g, INDArray view) {
        version.bump();
        OneDnnAdam.install(blocks);
        return standard(g, view);
    }

    /** The gradient to hand DL4J: the view itself when {@code g} is the view, else {@code g}. */
    public static Gradient standard(Gradient g, INDArray view) {
        if (view == null) return g;
        INDArray flat = g.gradient();
        if (flat == null || flat.length() != view.length() || flat.data().address() != view.data().address() || flat.offset() != view.offset()) return g;
        return new SameView(g, view);
    }

    public static final class ForNetwork extends MultiLayerUpdater {
        private final WeightVersion version;

        ForNetwork(MultiLayerNetwork net, INDArray state, WeightVersion version) {
            super(net, state);
            this.version = version;
        }

        @Override
        public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize, LayerWorkspaceMgr mgr) {
            super.update(step(version, getUpdaterBlocks(), gradient, getFlattenedGradientsView()), iteration, epoch, batchSize, mgr);
        }

        @Override
        public Updater clone() {
            return new ForNetwork(network, null, new WeightVersion());
        }
    }

    public static final class ForGraph extends ComputationGraphUpdater {
        private final WeightVersion version;

        ForGraph(ComputationGraph graph, INDArray state, WeightVersion version) {
            super(graph, state);
            this.version = version;
        }

        @Override
        public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize, LayerWorkspaceMgr mgr) {
            super.update(step(version, getUpdaterBlocks(), gradient, getFlattenedGradientsView()), iteration, epoch, batchSize, mgr);
        }
    }

    /** {@code g} whose flattened form is the network's gradient view object itself. */
    private record SameView(Gradient g, INDArray view) implements Gradient {
        @Override
        public Map<String, INDArray> gradientForVariable() {
            return g.gradientForVariable();
        }

        @Override
        public INDArray gradient(List<String> order) {
            return g.gradient(order);
        }

        @Override
        public INDArray gradient() {
            return view;
        }

        @Override
        public void clear() {
            g.clear();
        }

        @Override
        public INDArray getGradientFor(String variable) {
            return g.getGradientFor(variable);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray gradient) {
            return g.setGradientFor(variable, gradient);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray gradient, Character flatteningOrder) {
            return g.setGradientFor(variable, gradient, flatteningOrder);
        }

        @Override
        public Character flatteningOrderForVariable(String variable) {
            return g.flatteningOrderForVariable(variable);
        }
    }
}
