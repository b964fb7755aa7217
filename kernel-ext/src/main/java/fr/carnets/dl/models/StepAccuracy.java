package fr.carnets.dl.models;

import java.util.List;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.training.Losses;

/**
 * Counts right answers from a MultiLayerNetwork's training step's own forward pass, as Keras
 * does, instead of a second forward pass: DL4J hands listeners the input of the output layer,
 * whose W and b give its scores (argmax is all we need). Our oneDNN output layer keeps the
 * step's pre-activation itself.
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

    /** Listens to {@code net}'s steps (once, when the model takes the network). */
    void attach(MultiLayerNetwork net) {
        if (!net.getListeners().contains(this)) net.addListeners(this);
    }

    /** One step of {@code net}; with {@code countCorrect}, how many rows it got right (-1 when it could not tell). */
    long fit(MultiLayerNetwork net, INDArray x, INDArray y, boolean countCorrect) {
        if (!countCorrect) {
            net.fit(x, y);
            return -1;
        }
        labels = y;
        correct = -1;
        try {
            net.fit(x, y);
        } finally {
            labels = null;
        }
        return correct;
    }

    @Override
    public void onForwardPass(org.deeplearning4j.nn.api.Model model, List<INDArray> activations) {
        if (labels == null || activations.isEmpty()) return;
        MultiLayerNetwork n = (MultiLayerNetwork) model;
        if (n.getOutputLayer() instanceof fr.carnets.dl.runtime.onednn.OutputRuntime) return; // counted after the gradient, from its pre-activation
        org.deeplearning4j.nn.api.Layer out = n.getOutputLayer();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray a = activations.get(activations.size() - 1);
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
        if (((MultiLayerNetwork) model).getOutputLayer() instanceof fr.carnets.dl.runtime.onednn.OutputRuntime o) {
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
