package fr.carnets.dl;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Keras's Sequential model over a DL4J {@link MultiLayerNetwork}:
 * <pre>
 * var model = new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax"));
 * model.compile("adam", "categorical_crossentropy", "accuracy");
 * var history = model.fit(x, y, Fit.batchSize(32).epochs(3).validationSplit(0.2));
 * </pre>
 * The network exists from the start (so {@link #summary()} works before compile); compile,
 * freezing or adding layers rebuild it and keep every trained weight.
 */
public class Sequential extends Model {
    private InputType inputType;
    private long[] inputShape;
    /** Layout of activations inside an image model (see ImageFormat); null for other inputs. */
    private org.deeplearning4j.nn.conf.CNN2DFormat imageFormat;
    /** Layer configurations without freezing wrappers, the output layer as a Dense. */
    private final List<org.deeplearning4j.nn.conf.layers.Layer> confs = new ArrayList<>();
    private final List<Boolean> frozen = new ArrayList<>();
    /** Weights to carry into the next build, per layer (null: fresh initialisation). */
    private final List<INDArray> carried = new ArrayList<>();
    /** Preprocessors of a loaded network whose input type is unknown. */
    private Map<Integer, InputPreProcessor> loadedPreprocessors;
    private final Map<String, Integer> nameCounts = new HashMap<>();
    private MultiLayerNetwork net;

    public Sequential() {}

    public Sequential(Input input, KerasLayer... layers) {
        add(input);
        add(layers);
    }

    /** Sets the input (first call only), like Keras's {@code model.add(Input(784))}. */
    public Sequential add(Input input) {
        if (inputType != null) throw new ModelException("Le modèle a déjà une entrée " + Arrays.toString(inputShape) + ".");
        this.inputType = input.inputType();
        this.inputShape = input.shape();
        this.imageFormat = inputShape.length == 3 ? ImageFormat.forNewModel() : null;
        if (!confs.isEmpty()) rebuild();
        return this;
    }

    /** Appends layers, keeping the weights of those already there. */
    public Sequential add(KerasLayer... layers) {
        for (KerasLayer l : layers) {
            if (l == null) throw new ModelException("add : une couche vaut null.");
            if (l.name == null) l.name = uniqueName(l.baseName());
            else if (layerNames().contains(l.name)) throw new ModelException("Le nom de couche \"" + l.name + "\" est déjà pris.");
            org.deeplearning4j.nn.conf.layers.Layer c = l.toDl4j();
            if (c == null) continue; // Flatten: DL4J reshapes by itself between images and Dense layers
            captureWeights();
            confs.add(c);
            frozen.add(!l.trainable);
            carried.add(null);
        }
        if (inputType != null || loadedPreprocessors != null) rebuild();
        return this;
    }

    /** The layout of activations inside this image model (NHWC on our oneDNN path), or null. */
    public org.deeplearning4j.nn.conf.CNN2DFormat imageFormat() {
        return ImageFormat.forModel(imageFormat, confs.isEmpty() ? null : confs.get(0));
    }

    /**
     * The output of every layer for {@code x}, element 0 being {@code x} itself (Keras: a model of all the
     * layers' outputs, then predict). Image activations come back [n, channels, height, width] whatever the
     * inner layout, so feature maps read the same on both paths.
     */
    public List<INDArray> layerOutputs(INDArray x) {
        List<INDArray> outputs = toDl4j().feedForward(x, false);
        if (imageFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NHWC) return outputs;
        List<INDArray> nchw = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            INDArray a = outputs.get(i);
            nchw.add(i > 0 && a.rank() == 4 ? a.permute(0, 3, 1, 2).dup('c') : a);
        }
        return nchw;
    }

    /** Rebuilds a new image model with another inner layout (tests comparing both paths); weights start afresh. */
    Sequential imageFormat(org.deeplearning4j.nn.conf.CNN2DFormat f) {
        imageFormat = f;
        for (int i = 0; i < carried.size(); i++) carried.set(i, null);
        net = null;
        buildNetwork();
        return this;
    }

    /** Removes the last layer (Keras's {@code pop()}). */
    public Sequential pop() {
        if (confs.isEmpty()) throw new ModelException("pop : le modèle n'a plus de couche.");
        captureWeights();
        int last = confs.size() - 1;
        confs.remove(last);
        frozen.remove(last);
        carried.remove(last);
        rebuild();
        return this;
    }

    private String uniqueName(String base) {
        int k = nameCounts.merge(base, 1, Integer::sum) - 1;
        String name = k == 0 ? base : base + "_" + k;
        while (layerNames().contains(name)) {
            k = nameCounts.merge(base, 1, Integer::sum) - 1;
            name = base + "_" + k;
        }
        return name;
    }

    /** The DL4J network. */
    @Override
    public MultiLayerNetwork toDl4j() {
        if (net == null) {
            throw new ModelException(inputType == null ? "Le modèle n'a pas d'entrée : commencez par Input(784) (ou Input(28, 28, 1))."
                    : "Le modèle n'a pas encore de couche : ajoutez-en avec add(Dense(...)).");
        }
        return net;
    }

    /** Same as {@link #toDl4j()}. */
    public MultiLayerNetwork network() {
        return toDl4j();
    }

    public List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (org.deeplearning4j.nn.conf.layers.Layer c : confs) names.add(c.getLayerName());
        return names;
    }

    public int indexOf(String layerName) {
        int i = layerNames().indexOf(layerName);
        if (i < 0) throw new ModelException("Pas de couche nommée \"" + layerName + "\". Couches : " + layerNames() + ".");
        return i;
    }

    // ------------------------------------------------------------------ freezing and transfer

    /** Keras's {@code layer.trainable = false} for these layers (by name). Weights are kept. */
    public Sequential freeze(String... names) {
        return setTrainable(false, names);
    }

    public Sequential unfreeze(String... names) {
        return setTrainable(true, names);
    }

    /** By index in {@link #layerNames()} (0 = first layer; -1 = last). */
    public Sequential freeze(int... indices) {
        return setTrainableAt(false, indices);
    }

    public Sequential unfreeze(int... indices) {
        return setTrainableAt(true, indices);
    }

    /** Freezes every layer up to and including this one (the pretrained base). */
    public Sequential freezeUpTo(String name) {
        int k = indexOf(name);
        captureWeights();
        for (int i = 0; i < confs.size(); i++) frozen.set(i, i <= k);
        rebuild();
        return this;
    }

    /** Makes trainable every layer from this one on (fine-tuning the last layers). */
    public Sequential unfreezeFrom(String name) {
        int k = indexOf(name);
        captureWeights();
        for (int i = k; i < confs.size(); i++) frozen.set(i, false);
        rebuild();
        return this;
    }

    /** Freezes or unfreezes all layers. */
    public Sequential setTrainable(boolean trainable) {
        captureWeights();
        for (int i = 0; i < confs.size(); i++) frozen.set(i, !trainable);
        rebuild();
        return this;
    }

    public Sequential setTrainable(boolean trainable, String... names) {
        int[] idx = new int[names.length];
        for (int i = 0; i < names.length; i++) idx[i] = indexOf(names[i]);
        return setTrainableAt(trainable, idx);
    }

    private Sequential setTrainableAt(boolean trainable, int... indices) {
        captureWeights();
        for (int i : indices) {
            int k = i < 0 ? confs.size() + i : i;
            if (k < 0 || k >= confs.size()) {
                throw new ModelException("Indice de couche " + i + " hors limites : le modèle a " + confs.size() + " couches " + layerNames() + ".");
            }
            frozen.set(k, !trainable);
        }
        rebuild();
        return this;
    }

    public boolean isTrainable(String name) {
        return !frozen.get(indexOf(name));
    }

    /**
     * A new model made of this one's layers up to and including {@code layerName}, with their
     * trained weights (Keras's {@code Model(base.input, base.get_layer(name).output)}). Add a new
     * head to it with {@link #add(KerasLayer...)}.
     */
    public Sequential upTo(String layerName) {
        int k = indexOf(layerName);
        captureWeights();
        Sequential s = new Sequential();
        s.inputType = inputType;
        s.inputShape = inputShape == null ? null : inputShape.clone();
        s.imageFormat = imageFormat;
        s.loadedPreprocessors = loadedPreprocessors;
        s.optimizer = optimizer;
        s.seed = seed;
        for (int i = 0; i <= k; i++) {
            s.confs.add(confs.get(i).clone());
            s.frozen.add(frozen.get(i));
            s.carried.add(carried.get(i) == null ? null : carried.get(i).dup());
        }
        for (String n : s.layerNames()) s.nameCounts.merge(n.replaceAll("_\\d+$", ""), 1, Integer::sum);
        s.rebuild();
        return s;
    }

    /** Copies the current weights so that the next build starts from them. */
    private void captureWeights() {
        if (net == null) return;
        for (int i = 0; i < net.getnLayers() && i < carried.size(); i++) {
            org.deeplearning4j.nn.api.Layer l = net.getLayer(i);
            carried.set(i, l.numParams() > 0 ? l.params().dup() : null);
        }
    }

    @Override
    void resetWeights() {
        for (int i = 0; i < carried.size(); i++) carried.set(i, null);
        if (!confs.isEmpty() && (inputType != null || loadedPreprocessors != null)) buildNetwork();
    }

    @Override
    void rebuild() {
        captureWeights();
        buildNetwork();
    }

    private void buildNetwork() {
        if (confs.isEmpty()) {
            net = null;
            return;
        }
        IUpdater updater = optimizer.toDl4j();
        NeuralNetConfiguration.ListBuilder lb = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0.0)
                .dataType(DataType.FLOAT)
                .list();
        // A frozen layer with only frozen layers below it needs no backpropagation at all: DL4J's
        // FrozenLayer skips it (transfer step 50 -> 17 ms measured). Frozen layers above a trainable
        // one must still pass gradients down: FrozenLayerWithBackprop.
        boolean frozenPrefix = true;
        org.deeplearning4j.nn.conf.CNN2DFormat built = ImageFormat.forModel(imageFormat, confs.get(0));
        for (int i = 0; i < confs.size(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer c = confs.get(i).clone();
            if (imageFormat != null) ImageFormat.apply(c, built);
            frozenPrefix &= frozen.get(i);
            boolean last = i == confs.size() - 1;
            if (last && c instanceof DenseLayer) c = toOutput((DenseLayer) c, lossOrGuess());
            else if (last && c instanceof BaseOutputLayer && loss != null) ((BaseOutputLayer) c).setLossFn(Losses.toDl4j(loss));
            else if (!last && c instanceof OutputLayer) c = toDense((OutputLayer) c);
            if (c instanceof BaseLayer) {
                ((BaseLayer) c).setIUpdater(updater.clone());
                ((BaseLayer) c).setBiasUpdater(null);
            }
            // (DL4J refuses a FrozenLayer around the output layer)
            lb.layer(i, !frozen.get(i) ? c : frozenPrefix && !last ? new FrozenLayer(c) : new FrozenLayerWithBackprop(c));
        }
        if (inputType != null) {
            // NHWC inside, NCHW arrays from the learner: one copy per batch at the entrance
            if (built == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC) lb.inputPreProcessor(0, new ImagesToNhwc());
            lb.setInputType(inputType);
        } else if (loadedPreprocessors != null) lb.inputPreProcessors(new HashMap<>(loadedPreprocessors));
        MultiLayerConfiguration conf = lb.build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        for (int i = 0; i < confs.size(); i++) {
            INDArray w = carried.get(i);
            org.deeplearning4j.nn.api.Layer l = n.getLayer(i);
            if (w != null && l.numParams() == w.length()) l.params().assign(w);
        }
        net = n;
    }

    static OutputLayer toOutput(DenseLayer d, String loss) {
        OutputLayer.Builder b = new OutputLayer.Builder(Losses.toDl4j(loss)).name(d.getLayerName()).nOut(d.getNOut())
                .activation(d.getActivationFn()).weightInit(d.getWeightInitFn()).biasInit(d.getBiasInit()).hasBias(d.hasBias());
        if (d.getNIn() > 0) b.nIn(d.getNIn());
        return b.build();
    }

    static DenseLayer toDense(OutputLayer o) {
        DenseLayer.Builder b = new DenseLayer.Builder().name(o.getLayerName()).nOut(o.getNOut()).activation(o.getActivationFn())
                .weightInit(o.getWeightInitFn()).biasInit(o.getBiasInit()).hasBias(o.hasBias());
        if (o.getNIn() > 0) b.nIn(o.getNIn());
        return b.build();
    }

    // ------------------------------------------------------------------ Model's hooks

    @Override
    public long[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    @Override
    public long outputSize() {
        if (confs.isEmpty()) return -1;
        org.deeplearning4j.nn.conf.layers.Layer c = confs.get(confs.size() - 1);
        return c instanceof FeedForwardLayer ? ((FeedForwardLayer) c).getNOut() : -1;
    }

    @Override
    String outputActivation() {
        if (confs.isEmpty()) return null;
        org.deeplearning4j.nn.conf.layers.Layer c = confs.get(confs.size() - 1);
        return c instanceof BaseLayer ? Activations.nameOf(((BaseLayer) c).getActivationFn()) : null;
    }

    @Override
    boolean hasOutputLayer() {
        if (confs.isEmpty()) return false;
        org.deeplearning4j.nn.conf.layers.Layer c = confs.get(confs.size() - 1);
        return c instanceof DenseLayer || c instanceof BaseOutputLayer;
    }

    @Override
    long fitBatch(INDArray x, INDArray y, boolean countCorrect) {
        MultiLayerNetwork n = toDl4j();
        if (!countCorrect) {
            n.fit(x, y);
            return -1;
        }
        if (!n.getListeners().contains(accuracy)) n.addListeners(accuracy);
        accuracy.labels = y;
        accuracy.correct = -1;
        try {
            n.fit(x, y);
        } finally {
            accuracy.labels = null;
        }
        return accuracy.correct;
    }

    @Override
    boolean countsWhileFitting() {
        return net != null && net.getnLayers() > 1 && net.getOutputLayer() instanceof org.deeplearning4j.nn.layers.BaseOutputLayer
                || net != null && net.getnLayers() > 1 && net.getOutputLayer() instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop
                && ((org.deeplearning4j.nn.layers.FrozenLayerWithBackprop) net.getOutputLayer()).getInsideLayer()
                        instanceof org.deeplearning4j.nn.layers.BaseOutputLayer;
    }

    private final AccuracyListener accuracy = new AccuracyListener();

    /**
     * Counts right answers from the training step's own forward pass: DL4J hands listeners the
     * input of the output layer; the output layer's W and b give its scores (argmax is all we need).
     */
    private final class AccuracyListener extends org.deeplearning4j.optimize.api.BaseTrainingListener {
        INDArray labels;
        long correct = -1;

        @Override
        public void onForwardPass(org.deeplearning4j.nn.api.Model model, List<INDArray> activations) {
            if (labels == null || activations.isEmpty()) return;
            MultiLayerNetwork n = (MultiLayerNetwork) model;
            if (n.getOutputLayer() instanceof fr.carnets.dl.onednn.OutputRuntime) return; // counted after the gradient, from its pre-activation
            org.deeplearning4j.nn.api.Layer out = n.getOutputLayer();
            try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
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
            if (((MultiLayerNetwork) model).getOutputLayer() instanceof fr.carnets.dl.onednn.OutputRuntime o) {
                INDArray pre = o.lastTrainingPreOutput(); // this step's forward pass, computed once for gradient and score
                if (pre != null) count(pre);
            }
        }

        private void count(INDArray pre) {
            org.deeplearning4j.nn.conf.layers.Layer c = confs.get(confs.size() - 1);
            org.nd4j.linalg.activations.IActivation fn = c instanceof BaseLayer ? ((BaseLayer) c).getActivationFn() : null;
            // softmax keeps the order of the scores: the argmax needs no activation
            boolean argmaxOnly = fn instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax && pre.size(1) > 1;
            INDArray prob = fn == null || argmaxOnly ? pre : fn.getActivation(pre.dup(), false);
            correct = Losses.correct(labels, prob);
        }
    }

    @Override
    double batchLoss() {
        return net.score();
    }

    @Override
    INDArray output(INDArray x) {
        return toDl4j().output(x, false);
    }

    @Override
    void writeModel(File file) throws IOException {
        ModelSerializer.writeModel(toDl4j(), file, true);
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
        if (inputType != null) {
            try {
                types = conf.getLayerActivationTypes(inputType);
            } catch (RuntimeException e) {
                types = null;
            }
        }
        InputType prev = inputType;
        for (int i = 0; i < n.getnLayers(); i++) {
            InputPreProcessor pp = conf.getInputPreProcess(i);
            if (pp instanceof CnnToFeedForwardPreProcessor && prev != null) {
                s.add("flatten", "Flatten", "(None, " + flatSize(prev) + ")", 0, 0, false);
            }
            org.deeplearning4j.nn.conf.layers.Layer c = confs.get(i);
            long p = n.getLayer(i).numParams();
            boolean fz = frozen.get(i);
            long trainable = fz ? 0 : (c instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization ? p / 2 : p);
            String shape = types == null ? "?" : shapeText(types.get(i));
            s.add(c.getLayerName(), kerasType(c), shape, p, trainable, fz);
            if (types != null) prev = types.get(i);
        }
        return s;
    }

    static long flatSize(InputType t) {
        long[] s = Input.shapeOf(t);
        if (s == null) return -1;
        long p = 1;
        for (long v : s) p *= v;
        return p;
    }

    static String shapeText(InputType t) {
        long[] s = Input.shapeOf(t);
        if (s == null) return t.toString();
        StringBuilder sb = new StringBuilder("(None");
        for (long v : s) sb.append(", ").append(v);
        return sb.append(')').toString();
    }

    static String kerasType(org.deeplearning4j.nn.conf.layers.Layer c) {
        String n = c.getClass().getSimpleName();
        switch (n) {
            case "DenseLayer":
            case "OutputLayer":
                return "Dense";
            case "ConvolutionLayer":
                return "Conv2D";
            case "SubsamplingLayer": {
                String pt = String.valueOf(((org.deeplearning4j.nn.conf.layers.SubsamplingLayer) c).getPoolingType());
                return pt.equals("MAX") ? "MaxPooling2D" : "AveragePooling2D";
            }
            case "GlobalPoolingLayer":
                return "GlobalAveragePooling2D";
            case "DropoutLayer":
                return "Dropout";
            default:
                return n;
        }
    }

    @Override
    public String toString() {
        return summary().toString();
    }

    // ------------------------------------------------------------------ load

    /** Loads a model saved with {@link #save(String)} (or any DL4J MultiLayerNetwork zip). */
    public static Sequential load(String path) {
        File f = existing(path);
        if (isGraph(f)) {
            throw new ModelException("Ce fichier contient un graphe (ComputationGraph), pas un modèle Sequential : utilisez GraphModel.load(\""
                    + path + "\") ou Model.load(\"" + path + "\").");
        }
        MultiLayerNetwork n;
        try {
            n = ModelSerializer.restoreMultiLayerNetwork(f, true);
        } catch (IOException | RuntimeException e) {
            throw new ModelException("Impossible de lire le modèle " + path + " : " + e.getMessage(), e);
        }
        return fromNetwork(n, readMeta(f));
    }

    /** Wraps a DL4J network (its weights and updater state are kept as they are). */
    public static Sequential of(MultiLayerNetwork n) {
        return fromNetwork(n, null);
    }

    private static Sequential fromNetwork(MultiLayerNetwork n, String meta) {
        Sequential s = new Sequential();
        MultiLayerConfiguration conf = n.getLayerWiseConfigurations();
        for (int i = 0; i < n.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer c = conf.getConf(i).getLayer().clone();
            boolean fz = false;
            if (c instanceof FrozenLayerWithBackprop) {
                c = ((FrozenLayerWithBackprop) c).getUnderlying();
                fz = true;
            } else if (c instanceof FrozenLayer) {
                c = ((FrozenLayer) c).getLayer();
                fz = true;
            }
            if (c.getLayerName() == null) c.setLayerName("layer_" + i);
            if (ImageFormat.of(c) != null && s.imageFormat == null) s.imageFormat = ImageFormat.of(c);
            s.confs.add(c);
            s.frozen.add(fz);
            s.carried.add(null);
            s.nameCounts.merge(c.getLayerName().replaceAll("_\\d+$", ""), 1, Integer::sum);
        }
        if (meta != null) {
            Map<String, Object> m = parse(meta);
            s.applyMetadata(m);
            @SuppressWarnings("unchecked")
            List<Number> shape = (List<Number>) m.get("input_shape");
            if (shape != null && !shape.isEmpty()) {
                Input in = new Input(shape.stream().mapToLong(Number::longValue).toArray());
                s.inputType = in.inputType();
                s.inputShape = in.shape();
            }
        }
        if (s.inputType == null) {
            org.deeplearning4j.nn.conf.layers.Layer first = s.confs.isEmpty() ? null : s.confs.get(0);
            if (first instanceof DenseLayer && conf.getInputPreProcess(0) == null) {
                s.inputType = InputType.feedForward(((DenseLayer) first).getNIn());
                s.inputShape = new long[] {((DenseLayer) first).getNIn()};
            } else {
                s.loadedPreprocessors = new HashMap<>(conf.getInputPreProcessors());
            }
        }
        if (s.loss == null) {
            org.deeplearning4j.nn.conf.layers.Layer last = s.confs.get(s.confs.size() - 1);
            if (last instanceof BaseOutputLayer) {
                String lf = ((BaseOutputLayer) last).getLossFn().getClass().getSimpleName();
                s.loss = lf.equals("LossMCXENT") ? "categorical_crossentropy" : lf.equals("LossBinaryXENT") ? "binary_crossentropy" : "mse";
                s.compiled = true;
            }
        }
        s.net = n; // keep the loaded network itself: its optimizer state goes on
        return s;
    }

    @Override
    public Sequential seed(long seed) {
        super.seed(seed);
        return this;
    }

    @Override
    public Sequential compile(String optimizer, String loss, String... metrics) {
        super.compile(optimizer, loss, metrics);
        return this;
    }

    @Override
    public Sequential compile(Optimizer optimizer, String loss, String... metrics) {
        super.compile(optimizer, loss, metrics);
        return this;
    }
}
