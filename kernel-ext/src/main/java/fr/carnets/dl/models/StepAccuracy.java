package fr.carnets.dl.models;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.training.Losses;

/**
 * Counts right answers from a training step's own forward pass, as Keras does, instead of a second
 * forward pass: DL4J hands listeners the input of the output layer, whose W and b give its scores
 * (argmax is all we need). Our oneDNN output layer keeps the step's pre-activation itself.
 *
 * <p>A second pass would also be in inference mode: with BatchNormalization that reads the moving
 * statistics, which lag the weights early in training (a residual graph read 10 % on training
 * data that its own steps got 40 % right).
 */
final class StepAccuracy extends BaseTrainingListener {
    private final LayerStack stack;
    private INDArray labels;
    private long correct = -1;

    StepAccuracy(LayerStack stack) {
        this.stack = stack;
    }

    /** Whether this network's output layer can be read during the step. */
    static boolean canCount(MultiLayerNetwork net) {
        if (net == null || net.getnLayers() <= 1) return false;
        org.deeplearning4j.nn.api.Layer out = net.getOutputLayer();
        if (out instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop f) out = f.getInsideLayer();
        return out instanceof org.deeplearning4j.nn.layers.BaseOutputLayer;
    }

    /** Whether this graph's one output layer can be read during the step. */
    static boolean canCount(ComputationGraph g) {
        if (g == null || g.getNumOutputArrays() != 1) return false;
        org.deeplearning4j.nn.api.Layer out = g.getOutputLayer(0);
        if (out instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop f) out = f.getInsideLayer();
        return out instanceof org.deeplearning4j.nn.layers.BaseOutputLayer;
    }

    /** Listens to {@code net}'s steps (once, when the model takes the network). */
    void attach(MultiLayerNetwork net) {
        if (!net.getListeners().contains(this)) net.addListeners(this);
    }

    void attach(ComputationGraph g) {
        if (!g.getListeners().contains(this)) g.addListeners(this);
    }

    /** One step of {@code net}; with {@code countCorrect}, how many rows it got right (-1 when it could not tell). */
    long fit(MultiLayerNetwork net, INDArray x, INDArray y, boolean countCorrect) {
        return step(() -> net.fit(x, y), y, countCorrect);
    }

    long fit(ComputationGraph g, INDArray x, INDArray y, boolean countCorrect) {
        return step(() -> g.fit(new INDArray[] {x}, new INDArray[] {y}), y, countCorrect);
    }

    private long step(Runnable fit, INDArray y, boolean countCorrect) {
        if (!countCorrect) {
            fit.run();
            return -1;
        }
        labels = y;
        correct = -1;
        try {
            fit.run();
        } finally {
            labels = null;
        }
        return correct;
    }

    @Override
    public void onForwardPass(org.deeplearning4j.nn.api.Model model, List<INDArray> activations) {
        if (labels == null || activations.isEmpty() || !(model instanceof MultiLayerNetwork n)) return;
        if (n.getOutputLayer() instanceof fr.carnets.dl.runtime.onednn.OutputRuntime) return; // counted after the gradient, from its pre-activation
        countFrom(activations.get(activations.size() - 1), null, n.getOutputLayer());
    }

    /** A graph's step: {@code activations} holds every vertex but the output layer, by name. */
    @Override
    public void onForwardPass(org.deeplearning4j.nn.api.Model model, Map<String, INDArray> activations) {
        if (labels == null || !(model instanceof ComputationGraph g)) return;
        String out = g.getConfiguration().getNetworkOutputs().get(0);
        List<String> ins = g.getConfiguration().getVertexInputs().get(out);
        INDArray a = ins == null || ins.size() != 1 ? null : activations.get(ins.get(0));
        if (a == null) return;
        InputPreProcessor pp = g.getConfiguration().getVertices().get(out) instanceof LayerVertex lv ? lv.getPreProcessor() : null;
        countFrom(a, pp, g.getOutputLayer(0));
    }

    /** Scores of the output layer {@code out} for its input {@code a}, counted against the labels. */
    private void countFrom(INDArray a, InputPreProcessor pp, org.deeplearning4j.nn.api.Layer out) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (pp != null) a = pp.preProcess(a, (int) a.size(0), LayerWorkspaceMgr.noWorkspaces());
            if (a.rank() > 2) a = a.dup('c').reshape('c', a.size(0), a.length() / a.size(0));
            INDArray w = out.getParam("W");
            INDArray b = out.getParam("b");
            if (w == null || a.size(1) != w.size(0)) return;
            INDArray pre = a.mmul(w);
            if (b != null) pre.addiRowVector(b);
            count(pre);
        }
    }

    @Override
    public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) {
        if (labels == null) return;
        if (model instanceof MultiLayerNetwork n && n.getOutputLayer() instanceof fr.carnets.dl.runtime.onednn.OutputRuntime o) {
            INDArray pre = o.lastTrainingPreOutput(); // this step's forward pass, computed once for gradient and score
            if (pre != null) count(pre);
        }
    }

    private void count(INDArray pre) {
        IActivation fn = stack.outputLayer() instanceof BaseLayer c ? c.getActivationFn() : null;
        // softmax keeps the order of the scores: the argmax needs no activation
        boolean argmaxOnly = fn instanceof ActivationSoftmax && pre.size(1) > 1;
        INDArray prob = fn == null || argmaxOnly ? pre : fn.getActivation(pre.dup(), false);
        correct = Losses.correct(labels, prob);
    }
}
