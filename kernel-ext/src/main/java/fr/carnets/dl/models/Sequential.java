package fr.carnets.dl.models;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.runtime.Performance;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.layers.KerasLayer;
import fr.carnets.dl.runtime.ImageFormat;

/**
 * Keras's Sequential model over a DL4J {@link MultiLayerNetwork}:
 * <pre>
 * var model = new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax"));
 * model.compile("adam", "categorical_crossentropy", "accuracy");
 * var history = model.fit(x, y, Fit.batchSize(32).epochs(3).validationSplit(0.2));
 * </pre>
 * A linear {@link LayerStack}: each layer's input is the layer before it. The network exists from
 * the start (so {@link #summary()} works before compile); compile, freezing or adding layers
 * rebuild it and keep every trained weight.
 */
public class Sequential extends LayerModel<Sequential> {
    private MultiLayerNetwork net;
    private final StepAccuracy accuracy = new StepAccuracy(stack);

    public Sequential() {
        super(new LayerStack(true));
    }

    /**
     * A stack of layers, each feeding the next, Keras's {@code keras.Sequential([...])}.
     *
     * @param input the size of one example, {@code Input(784)} or {@code Input(28, 28, 1)}
     * @param layers the layers in order, the last one giving the outputs ({@code Dense(10, "softmax")})
     * @throws fr.carnets.dl.ModelException when a layer does not fit the output of the one before it
     */
    public Sequential(Input input, KerasLayer... layers) {
        this();
        add(input);
        add(layers);
    }

    /**
     * A model whose first argument is a layer, not its input: refused with what to write instead
     * (a Keras 3 Sequential starts with its Input too, or gets its size from the first fit).
     */
    public Sequential(KerasLayer first, KerasLayer... rest) {
        this();
        throw new ModelException("Un modèle Sequential commence par son entrée : commencez par Input(784) "
                + "(784 = 28 × 28 pixels d'une image MNIST aplatie ; la taille de vos données sinon), "
                + "par exemple new Sequential(Input(784), Dense(20, \"relu\"), Dense(10, \"softmax\")).");
    }

    private Sequential(LayerStack layers) {
        super(layers);
    }

    /** Sets the input (first call only), like Keras's {@code model.add(Input(784))}. */
    public Sequential add(Input input) {
        if (stack.inputType != null) throw new ModelException("Le modèle a déjà une entrée " + java.util.Arrays.toString(stack.inputShape) + ".");
        return inputShape(input.shape());
    }

    /**
     * Appends layers, keeping the weights of those already there (Keras's {@code model.add(layer)}).
     *
     * @param layers the layers to put on top, in order
     * @return this model; compile it again before fit
     * @throws fr.carnets.dl.ModelException when a layer does not fit the output of the one before it
     */
    public Sequential add(KerasLayer... layers) {
        return change(() -> appendLayers(layers));
    }

    /** The layout of activations inside this image model (NHWC on our oneDNN path), or null. */
    public CNN2DFormat imageFormat() {
        return ImageFormat.forModel(stack.imageFormat, stack.entries.isEmpty() ? null : stack.entries.get(0).layer);
    }

    /**
     * The output of every layer for {@code x}, element 0 being {@code x} itself (Keras: a model of all the
     * layers' outputs, then predict). Image activations come back [n, channels, height, width] whatever the
     * inner layout, so feature maps read the same on both paths.
     */
    public List<INDArray> layerOutputs(INDArray x) {
        List<INDArray> outputs = toDl4j().feedForward(x, false);
        if (imageFormat() != CNN2DFormat.NHWC) return outputs;
        List<INDArray> nchw = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            INDArray a = outputs.get(i);
            nchw.add(i > 0 && a.rank() == 4 ? a.permute(0, 3, 1, 2).dup('c') : a);
        }
        return nchw;
    }

    /** Rebuilds a new image model with another inner layout (tests comparing both paths); weights start afresh. */
    Sequential imageFormat(CNN2DFormat f) {
        stack.imageFormat = f;
        stack.forgetWeights();
        build();
        return this;
    }

    // ------------------------------------------------------------------ the network

    /** The DL4J network. */
    @Override
    public MultiLayerNetwork toDl4j() {
        if (net == null) {
            throw new ModelException(stack.inputType == null ? "Le modèle n'a pas d'entrée : commencez par Input(784) (ou Input(28, 28, 1))."
                    : "Le modèle n'a pas encore de couche : ajoutez-en avec add(Dense(...)).");
        }
        return net;
    }

    @Override
    Sequential create(LayerStack layers) {
        return new Sequential(layers);
    }

    @Override
    void build() {
        adopt(new NetworkBuilder(stack, this).multiLayer());
    }

    /** Holds a patched network; the step's accuracy listener goes in once, here. */
    private void adopt(MultiLayerNetwork patched) {
        net = patched;
        if (net != null) accuracy.attach(net);
    }

    @Override
    org.deeplearning4j.nn.api.Layer builtLayer(int i) {
        return net != null && i < net.getnLayers() ? net.getLayer(i) : null;
    }

    @Override
    org.deeplearning4j.nn.api.Layer[] builtLayers() {
        return toDl4j().getLayers();
    }

    @Override
    protected long fitBatch(INDArray x, INDArray y, boolean countCorrect) {
        return accuracy.fit(toDl4j(), x, y, countCorrect);
    }

    @Override
    protected boolean countsWhileFitting() {
        return StepAccuracy.canCount(net);
    }

    @Override
    protected double batchLoss() {
        return net.score();
    }

    @Override
    protected INDArray output(INDArray x) {
        return toDl4j().output(x, false);
    }

    @Override
    String kind() {
        return "sequential";
    }

    @Override
    public Summary summary() {
        Summary s = new Summary("sequential");
        MultiLayerNetwork n = toDl4j();
        MultiLayerConfiguration conf = n.getLayerWiseConfigurations();
        List<InputType> types = null;
        if (stack.inputType != null) {
            try {
                types = conf.getLayerActivationTypes(stack.inputType);
            } catch (RuntimeException e) {
                types = null;
            }
        }
        InputType prev = stack.inputType;
        for (int i = 0; i < n.getnLayers(); i++) {
            InputPreProcessor pp = conf.getInputPreProcess(i);
            if (pp instanceof CnnToFeedForwardPreProcessor && prev != null) {
                s.add("flatten", "Flatten", "(None, " + Summary.flatSize(prev) + ")", 0, 0, false);
            }
            LayerStack.Entry e = stack.entries.get(i);
            s.add(e, e.name, types == null ? "?" : Summary.shapeText(types.get(i)), n.getLayer(i).numParams());
            if (types != null) prev = types.get(i);
        }
        return s;
    }

    // ------------------------------------------------------------------ load

    /**
     * Loads a model saved with {@link #save(String)} (or any DL4J MultiLayerNetwork zip).
     *
     * @param path the zip file
     * @return the model, with its weights, optimizer state and compile settings
     * @throws fr.carnets.dl.ModelException when the file is missing, unreadable, or holds a graph (use GraphModel.load)
     */
    public static Sequential load(String path) {
        File f = ModelFiles.existing(path);
        if (ModelFiles.isGraph(f)) {
            throw new ModelException("Ce fichier contient un graphe (ComputationGraph), pas un modèle Sequential : utilisez GraphModel.load(\""
                    + path + "\") ou Model.load(\"" + path + "\").");
        }
        MultiLayerNetwork n;
        Performance.configure(); // before DL4J makes the loaded network's layers
        try {
            n = ModelSerializer.restoreMultiLayerNetwork(ModelFiles.readable(f), true);
        } catch (IOException | RuntimeException e) {
            throw new ModelException("Impossible de lire le modèle " + path + " : " + e.getMessage(), e);
        }
        return fromNetwork(n, ModelFiles.readMeta(f));
    }

    /** Wraps a DL4J network (its weights and updater state are kept as they are). */
    public static Sequential of(MultiLayerNetwork n) {
        return fromNetwork(n, null);
    }

    private static Sequential fromNetwork(MultiLayerNetwork n, String meta) {
        Sequential s = new Sequential();
        LayerStack st = s.stack;
        MultiLayerConfiguration conf = n.getLayerWiseConfigurations();
        for (int i = 0; i < n.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer wrapped = conf.getConf(i).getLayer().clone();
            org.deeplearning4j.nn.conf.layers.Layer c = NetworkBuilder.unwrap(wrapped);
            if (ImageFormat.of(c) != null && st.imageFormat == null) st.imageFormat = ImageFormat.of(c);
            st.append(c.getLayerName() == null ? "layer_" + i : c.getLayerName(), c, NetworkBuilder.isFrozen(wrapped));
        }
        st.countNames();
        ModelFiles.applyMetadata(s, meta);
        if (st.inputType == null) {
            if (!st.entries.isEmpty() && st.entries.get(0).layer instanceof DenseLayer first && conf.getInputPreProcess(0) == null) {
                st.input(new Input(first.getNIn()));
            } else {
                st.loadedPreprocessors = new HashMap<>(conf.getInputPreProcessors());
            }
        }
        s.adoptLoss();
        s.adopt(NetworkBuilder.patched(n)); // keep the loaded network itself: its optimizer state goes on
        return s;
    }
}
