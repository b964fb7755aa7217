package fr.carnets.dl;

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
 */
public final class ViewUpdaters {
    private ViewUpdaters() {}

    /** Replaces the network's updater by ours, keeping its state; idempotent. */
    public static void install(org.deeplearning4j.nn.api.Model net) {
        if (net instanceof MultiLayerNetwork m && m.getLayers() != null) {
            if (!(m.getUpdater(true) instanceof MultiLayerUpdater old) || old.getClass() != MultiLayerUpdater.class) return; // ours already, or someone else's
            m.setUpdater(new ForNetwork(m, old.getStateViewArray()));
        } else if (net instanceof ComputationGraph g && g.getLayers() != null) {
            ComputationGraphUpdater u = g.getUpdater(true);
            if (u == null || u.getClass() != ComputationGraphUpdater.class) return; // ours already, or someone else's
            g.setUpdater(new ForGraph(g, u.getStateViewArray()));
        }
    }

    /** The gradient to hand DL4J: the view itself when {@code g} is the view, else {@code g}. */
    static Gradient standard(Gradient g, INDArray view) {
        if (view == null) return g;
        INDArray flat = g.gradient();
        if (flat == null || flat.length() != view.length() || flat.data().address() != view.data().address() || flat.offset() != view.offset()) return g;
        return new SameView(g, view);
    }

    static final class ForNetwork extends MultiLayerUpdater {
        ForNetwork(MultiLayerNetwork net, INDArray state) {
            super(net, state);
        }

        @Override
        public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize, LayerWorkspaceMgr mgr) {
            super.update(standard(gradient, getFlattenedGradientsView()), iteration, epoch, batchSize, mgr);
        }

        @Override
        public Updater clone() {
            return new ForNetwork(network, null);
        }
    }

    static final class ForGraph extends ComputationGraphUpdater {
        ForGraph(ComputationGraph graph, INDArray state) {
            super(graph, state);
        }

        @Override
        public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize, LayerWorkspaceMgr mgr) {
            super.update(standard(gradient, getFlattenedGradientsView()), iteration, epoch, batchSize, mgr);
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
