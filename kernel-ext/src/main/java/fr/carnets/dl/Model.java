package fr.carnets.dl;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * What Keras's models share: compile, fit, evaluate, predict, summary, save. {@link Sequential}
 * runs on a DL4J MultiLayerNetwork, {@link GraphModel} on a ComputationGraph; {@link #toDl4j()}
 * gives that network.
 */
public abstract class Model {
    static final String META_ENTRY = "carnets.json";
    static final int PREDICT_BATCH = 256;

    Optimizer optimizer = Optimizers.adam();
    String loss;
    List<String> metrics = new ArrayList<>();
    boolean compiled;
    long seed = Seeds.next();
    volatile History history;

    static {
        Performance.configure(); // before any layer is built: DL4J decides on its oneDNN helpers then
    }

    /** The DL4J network (MultiLayerNetwork or ComputationGraph). */
    public abstract org.deeplearning4j.nn.api.Model toDl4j();

    /** Keras's {@code model.summary()}; shows as an HTML table when it is a cell's result. */
    public abstract Summary summary();

    /** Input shape in Keras's order: [784] or [height, width, channels]; null when unknown. */
    public abstract long[] inputShape();

    /** Number of outputs of the last layer (classes). */
    public abstract long outputSize();

    abstract String outputActivation();

    abstract boolean hasOutputLayer();

    abstract void rebuild();

    /**
     * One training step. When {@code countCorrect}, returns how many rows the forward pass of this
     * step classified right (computed from the step's own activations, like Keras), or -1 when the
     * network cannot tell (the caller then runs an extra forward pass before the step).
     */
    abstract long fitBatch(INDArray x, INDArray y, boolean countCorrect);

    /** Whether {@link #fitBatch} can count right answers itself. */
    boolean countsWhileFitting() {
        return false;
    }

    abstract double batchLoss();

    abstract INDArray output(INDArray x);

    abstract void writeModel(File file) throws IOException;

    abstract String kind();

    // ------------------------------------------------------------------ compile

    /** Keras's {@code compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])}. */
    public Model compile(String optimizer, String loss, String... metrics) {
        return compile(Optimizers.byName(optimizer), loss, metrics);
    }

    /** With an explicit learning rate: {@code compile(Optimizers.sgd(1e-4, 0.9), "categorical_crossentropy", "accuracy")}. */
    public Model compile(Optimizer optimizer, String loss, String... metrics) {
        if (optimizer == null) throw new ModelException("compile : donnez un optimiseur, par exemple \"adam\".");
        String l = Losses.check(loss);
        List<String> m = new ArrayList<>();
        for (String s : metrics) {
            String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            if (n.equals("acc") || n.equals("accuracy")) m.add("accuracy");
            else throw new ModelException("Mesure inconnue : \"" + s + "\". Seule \"accuracy\" est disponible dans compile ; "
                    + "la précision, le rappel et la matrice de confusion se calculent après coup (paquet fr.carnets.analysis).");
        }
        if (!hasOutputLayer()) {
            throw new ModelException("Le modèle n'a pas de couche de sortie : terminez-le par une couche Dense, par exemple "
                    + "add(Dense(10, \"softmax\")).");
        }
        String act = outputActivation();
        if (l.equals("categorical_crossentropy") && !"softmax".equals(act)) {
            throw new ModelException("categorical_crossentropy attend une dernière couche en softmax (elle a \"" + act
                    + "\") : utilisez Dense(" + outputSize() + ", \"softmax\").");
        }
        if (l.equals("binary_crossentropy") && !"sigmoid".equals(act)) {
            throw new ModelException("binary_crossentropy attend une dernière couche en sigmoid (elle a \"" + act
                    + "\") : utilisez Dense(" + outputSize() + ", \"sigmoid\").");
        }
        this.optimizer = optimizer;
        this.loss = l;
        this.metrics = m;
        this.compiled = true;
        rebuild();
        return this;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public String loss() {
        return loss;
    }

    /** Re-initialises the weights from this seed (the same seed gives the same initial weights). */
    public Model seed(long seed) {
        this.seed = seed;
        resetWeights();
        return this;
    }

    abstract void resetWeights();

    /**
     * Size of each layer that has one, input to output: units of a Dense layer, filters of a
     * Conv2D layer (pooling, dropout, normalisation and flatten layers have none). What
     * {@code Check.layers(model, 20, 14, 10)} checks.
     */
    public int[] layerSizes() {
        org.deeplearning4j.nn.api.Model n = toDl4j();
        org.deeplearning4j.nn.api.Layer[] layers = n instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork
                ? ((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) n).getLayers()
                : ((org.deeplearning4j.nn.graph.ComputationGraph) n).getLayers();
        List<Integer> sizes = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer l : layers) {
            org.deeplearning4j.nn.conf.layers.Layer c = l.conf().getLayer();
            if (c instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop) {
                c = ((org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop) c).getUnderlying();
            } else if (c instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer) {
                c = ((org.deeplearning4j.nn.conf.layers.misc.FrozenLayer) c).getLayer();
            }
            if (c instanceof org.deeplearning4j.nn.conf.layers.DenseLayer
                    || c instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer
                    || c instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer) {
                sizes.add((int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) c).getNOut());
            }
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    // ------------------------------------------------------------------ weights

    /** All weights as one flat vector (a view: copy it with dup() to keep it). */
    public INDArray weights() {
        return toDl4j().params();
    }

    public void setWeights(INDArray w) {
        INDArray p = toDl4j().params();
        if (p.length() != w.length()) {
            throw new ModelException("setWeights : " + w.length() + " valeurs données, le modèle en a " + p.length() + ".");
        }
        p.assign(w.reshape(p.shape()));
    }

    public long countParams() {
        return toDl4j().numParams();
    }

    // ------------------------------------------------------------------ fit

    /** Short form: {@code fit(x, y, 32, 3, 0.2)} = batch size, epochs, validation split. */
    public History fit(INDArray x, INDArray y, int batchSize, int epochs, double validationSplit) {
        return fit(x, y, Fit.batchSize(batchSize).epochs(epochs).validationSplit(validationSplit));
    }

    public History fit(INDArray x, INDArray y, int batchSize, int epochs) {
        return fit(x, y, Fit.batchSize(batchSize).epochs(epochs));
    }

    public History fit(INDArray x, INDArray y) {
        return fit(x, y, Fit.options());
    }

    /** {@code fit(x, y, Fit.batchSize(32).epochs(3).validationSplit(0.2))}. */
    public History fit(INDArray x, INDArray y, FitOptions o) {
        requireCompiled();
        if (x == null || y == null) throw new ModelException("fit attend des données x et des étiquettes y (pas null).");
        checkShapes(x, y, "x", "y");
        x = asFloat(x);
        y = asFloat(y);
        INDArray xt = x, yt = y, xv = null, yv = null;
        if (o.xVal != null) {
            checkShapes(o.xVal, o.yVal, "x de validation", "y de validation");
            xv = asFloat(o.xVal);
            yv = asFloat(o.yVal);
        } else if (o.validationSplit > 0) {
            long n = x.size(0);
            long split = (long) (n * (1 - o.validationSplit));
            if (split <= 0 || split >= n) {
                throw new ModelException("validationSplit(" + o.validationSplit + ") sur " + n + " exemples ne laisse rien pour "
                        + (split <= 0 ? "l'entraînement" : "la validation") + ".");
            }
            xt = rows(x, 0, split);
            yt = rows(y, 0, split);
            xv = rows(x, split, n);
            yv = rows(y, split, n);
        }
        Validation val = xv == null ? (o.valStream == null ? null : new StreamValidation(o.valStream)) : new ArrayValidation(xv, yv);
        long s = o.seed != null ? o.seed : seed;
        return train(new ArrayBatches(xt, yt, o.batchSize, o.shuffle, s), val, o, s);
    }

    /** Training from a stream of mini-batches (the batch size is the iterator's). */
    public History fit(DataSetIterator stream, int epochs) {
        return fit(stream, Fit.epochs(epochs));
    }

    public History fit(DataSetIterator stream, FitOptions o) {
        requireCompiled();
        if (stream == null) throw new ModelException("fit attend un flux de données (DataSetIterator), pas null.");
        if (o.validationSplit > 0) {
            throw new ModelException("validationSplit ne s'applique pas à un flux : donnez un second flux avec validationData(fluxValidation).");
        }
        Validation val = o.xVal != null ? new ArrayValidation(asFloat(o.xVal), asFloat(o.yVal))
                : o.valStream != null ? new StreamValidation(o.valStream) : null;
        long s = o.seed != null ? o.seed : seed;
        return train(new StreamBatches(stream, this), val, o, s);
    }

    /** The History of the latest fit of this model, also while it runs or after it was stopped. */
    public History history() {
        return history;
    }

    private History train(Batches batches, Validation val, FitOptions o, long seed) {
        if (o.seed != null) Nd4j.getRandom().setSeed(seed);
        Performance.prepare(toDl4j());
        History h = new History();
        this.history = h;
        History.setLast(h);
        List<Callback> cbs = new ArrayList<>(o.callbacks);
        if (o.liveCurve) {
            Callback live = Training.newLiveCurve();
            if (live != null) cbs.add(live);
        }
        Training training = new Training(o.epochs);
        Progress progress = new Progress(o.epochs, o.verbose > 0);
        boolean acc = metrics.contains("accuracy");
        for (Callback c : cbs) c.onTrainBegin(this, h);
        int epoch = 0, step = 0, steps = -1;
        try {
            for (epoch = 0; epoch < o.epochs; epoch++) {
                long t0 = System.nanoTime();
                batches.start(epoch);
                steps = batches.steps();
                progress.startEpoch(epoch, steps);
                double lossSum = 0;
                long correct = 0, seen = 0;
                step = 0;
                while (batches.hasNext()) {
                    DataSet ds = batches.next();
                    INDArray bx = ds.getFeatures(), by = ds.getLabels();
                    long bs = bx.size(0);
                    boolean own = acc && countsWhileFitting();
                    if (acc && !own) correct += Losses.correct(by, output(bx));
                    long c = fitBatch(bx, by, own);
                    if (own) correct += c >= 0 ? c : Losses.correct(by, output(bx));
                    lossSum += batchLoss() * bs;
                    seen += bs;
                    step++;
                    progress.batch(step, lossSum / seen, acc ? (double) correct / seen : Double.NaN);
                    if (Thread.currentThread().isInterrupted()) {
                        Thread.interrupted(); // the cell ends normally: leave the flag clear for the next one
                        String msg = String.format(Locale.ROOT,
                                "Entraînement interrompu à l'époque %d/%d, lot %d/%s. Le modèle garde ses poids actuels ; "
                                        + "l'historique contient les %d époque(s) terminée(s) (model.history()).",
                                epoch + 1, o.epochs, step, steps > 0 ? String.valueOf(steps) : "?", h.epochs());
                        h.setStopReason(msg);
                        progress.message(msg);
                        return h;
                    }
                }
                batches.end();
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put("loss", seen == 0 ? Double.NaN : lossSum / seen);
                if (acc) logs.put("accuracy", seen == 0 ? Double.NaN : (double) correct / seen);
                if (val != null) {
                    double[] lv = val.evaluate(this);
                    logs.put("val_loss", lv[0]);
                    if (acc) logs.put("val_accuracy", lv[1]);
                }
                h.addEpoch(logs, (System.nanoTime() - t0) / 1e9);
                progress.endEpoch(step, logs);
                for (Callback c : cbs) c.onEpochEnd(this, epoch, logs, training);
                if (training.stopRequested) {
                    h.setStopReason(training.stopReason);
                    if (training.stopReason != null) progress.message(training.stopReason);
                    break;
                }
            }
            return h;
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e, o.batchSize);
        } catch (RuntimeException e) {
            if (isOffHeapOom(e)) throw outOfMemory(e, o.batchSize);
            throw e;
        } finally {
            // a ThreadDeath (Stop after an ignored interrupt) skips this: History.last() still holds the epochs done
            for (Callback c : cbs) {
                try {
                    c.onTrainEnd(this, h);
                } catch (RuntimeException ignored) {
                    // one callback's failure must not hide the training's own outcome
                }
            }
        }
    }

    // ------------------------------------------------------------------ evaluate / predict

    /** Keras's {@code evaluate(x, y)}: loss and accuracy. */
    public Scores evaluate(INDArray x, INDArray y) {
        requireCompiled();
        checkShapes(x, y, "x", "y");
        Performance.prepare(toDl4j());
        double[] r = new ArrayValidation(asFloat(x), asFloat(y)).evaluate(this);
        return new Scores(r[0], r[1], x.size(0));
    }

    /**
     * Keras's {@code evaluate(generator)}: loss and accuracy over a whole stream (an ImageFolder or
     * any DataSetIterator), read once from its start; nothing is held in memory but one batch.
     */
    public Scores evaluate(DataSetIterator stream) {
        requireCompiled();
        if (stream == null) throw new ModelException("evaluate attend un flux de données (DataSetIterator), pas null.");
        if (stream.resetSupported()) stream.reset();
        if (!stream.hasNext()) throw new ModelException("Le flux est vide : aucune image à évaluer (dossier vide, ou flux déjà lu sans reset possible).");
        Performance.prepare(toDl4j());
        StreamValidation v = new StreamValidation(stream);
        double[] r = v.evaluate(this);
        return new Scores(r[0], r[1], v.count);
    }

    /** Outputs (probabilities for softmax/sigmoid) for each row of x, computed in batches. */
    public INDArray predict(INDArray x) {
        if (x == null) throw new ModelException("predict attend des données x (pas null).");
        checkInput(x, "x");
        x = asFloat(x);
        long n = x.size(0);
        Performance.prepare(toDl4j());
        try {
            if (n <= PREDICT_BATCH) return output(x);
            List<INDArray> parts = new ArrayList<>();
            for (long s = 0; s < n; s += PREDICT_BATCH) parts.add(output(rows(x, s, Math.min(n, s + PREDICT_BATCH))));
            return Nd4j.concat(0, parts.toArray(new INDArray[0]));
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e, PREDICT_BATCH);
        }
    }

    /** Predicted class of each row (argmax; threshold 0.5 for a single sigmoid output). */
    public int[] predictClasses(INDArray x) {
        INDArray p = predict(x);
        if (p.size(1) == 1) {
            return Arrays.stream(p.gt(0.5).castTo(DataType.INT).toIntVector()).toArray();
        }
        return Nd4j.argMax(p, 1).castTo(DataType.INT).toIntVector();
    }

    // ------------------------------------------------------------------ save / load

    /** Saves the network, its optimizer state and this model's settings (temporary file, then rename). */
    public void save(String path) {
        save(Path.of(path));
    }

    public void save(Path path) {
        try {
            fr.carnets.data.AtomicFile.write(path, tmp -> {
                writeModel(tmp.toFile());
                ModelSerializer.addObjectToFile(tmp.toFile(), META_ENTRY, metadataJson());
            });
        } catch (IOException e) {
            throw new ModelException("Impossible d'enregistrer le modèle dans " + path + " : " + e.getMessage(), e);
        }
    }

    /** Loads a model saved by {@link #save} (or any DL4J model zip). */
    public static Model load(String path) {
        File f = existing(path);
        String meta = readMeta(f);
        String kind = meta == null ? null : (String) parse(meta).get("kind");
        if ("graph".equals(kind) || (kind == null && isGraph(f))) return GraphModel.load(path);
        return Sequential.load(path);
    }

    static File existing(String path) {
        File f = new File(path);
        if (!f.isFile()) {
            throw new ModelException("Fichier de modèle introuvable : " + f.getAbsolutePath()
                    + " (enregistrez d'abord un modèle avec model.save(\"" + path + "\")).");
        }
        return f;
    }

    static boolean isGraph(File f) {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(f)) {
            java.util.zip.ZipEntry e = z.getEntry("configuration.json");
            if (e == null) return false;
            String json = new String(z.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return json.contains("\"vertices\"");
        } catch (IOException e) {
            throw new ModelException("Ce fichier n'est pas un modèle DL4J lisible : " + f + " (" + e.getMessage() + ").", e);
        }
    }

    static String readMeta(File f) {
        try {
            if (!ModelSerializer.listObjectsInFile(f).contains(META_ENTRY)) return null;
            return ModelSerializer.getObjectFromFile(f, META_ENTRY);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        try {
            return new ObjectMapper().readValue(json, Map.class);
        } catch (IOException e) {
            throw new ModelException("Métadonnées de modèle illisibles : " + e.getMessage(), e);
        }
    }

    String metadataJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind());
        m.put("input_shape", inputShape());
        m.put("compiled", compiled);
        m.put("loss", loss);
        m.put("metrics", metrics);
        m.put("optimizer", optimizer.name());
        m.put("learning_rate", optimizer.learningRate());
        m.put("momentum", optimizer.momentum());
        m.put("seed", seed);
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    void applyMetadata(Map<String, Object> m) {
        Object opt = m.get("optimizer");
        if (opt != null) {
            double lr = ((Number) m.get("learning_rate")).doubleValue();
            double mom = ((Number) m.get("momentum")).doubleValue();
            optimizer = new Optimizer((String) opt, lr, mom);
        }
        loss = (String) m.get("loss");
        if (m.get("metrics") != null) metrics = new ArrayList<>((List<String>) m.get("metrics"));
        compiled = Boolean.TRUE.equals(m.get("compiled"));
        if (m.get("seed") instanceof Number) seed = ((Number) m.get("seed")).longValue();
    }

    // ------------------------------------------------------------------ checks

    void requireCompiled() {
        if (!compiled) {
            throw new ModelException("Le modèle n'est pas compilé : appelez d'abord model.compile(\"adam\", \"categorical_crossentropy\", \"accuracy\").");
        }
    }

    static String shape(INDArray a) {
        return Arrays.toString(a.shape());
    }

    /** Checks x against the input: names both shapes and says how to fix it. */
    void checkInput(INDArray x, String xName) {
        long[] in = inputShape();
        if (in == null) return;
        long[] xs = x.shape();
        long n = xs.length > 0 ? xs[0] : 0;
        long per = 1;
        for (int i = 1; i < xs.length; i++) per *= xs[i];
        if (in.length == 1) {
            if (xs.length == 2 && xs[1] == in[0]) return;
            String expected = "[n, " + in[0] + "]";
            if (xs.length > 2 && per == in[0]) {
                throw new ModelException(String.format("Forme incompatible : %s a la forme %s mais le modèle attend %s (Input(%d)). "
                        + "Aplatissez les images : utilisez %s.reshape(-1, %d) (ou %s.reshape(%d, %d)), ou chargez-les avec "
                        + "Mnist.options().flatten().", xName, shape(x), expected, in[0], "x", in[0], "x", n, in[0]));
            }
            throw new ModelException(String.format("Forme incompatible : %s a la forme %s mais le modèle attend %s (Input(%d)). "
                    + "Vérifiez les données ou déclarez Input(%d).", xName, shape(x), expected, in[0], per));
        }
        long h = in[0], w = in[1], c = in[2];
        String expected = "[n, " + c + ", " + h + ", " + w + "]";
        if (xs.length == 4 && xs[1] == c && xs[2] == h && xs[3] == w) return;
        String head = String.format("Forme incompatible : %s a la forme %s mais le modèle attend %s (NCHW : exemples, canaux, hauteur, "
                + "largeur ; Input(%d, %d, %d) se lit hauteur, largeur, canaux comme en Keras). ", xName, shape(x), expected, h, w, c);
        if (xs.length == 4 && xs[1] == h && xs[2] == w && xs[3] == c) {
            throw new ModelException(head + "Vos données sont en NHWC (canaux en dernier, l'ordre de Keras) : utilisez "
                    + "x.permute(0, 3, 1, 2).dup() pour passer en NCHW.");
        }
        if (xs.length == 3 && xs[1] == h && xs[2] == w && c == 1) {
            throw new ModelException(head + "Il manque l'axe des canaux : utilisez x.reshape(" + n + ", 1, " + h + ", " + w
                    + ") ou chargez avec Mnist.options().addChannel().");
        }
        if (xs.length == 2 && xs[1] == h * w * c) {
            throw new ModelException(head + "Les images sont aplaties : utilisez x.reshape(" + n + ", " + c + ", " + h + ", " + w
                    + ") ou chargez avec Mnist.options().addChannel() au lieu de flatten().");
        }
        throw new ModelException(head + "Vérifiez les données ou la déclaration Input(...).");
    }

    void checkShapes(INDArray x, INDArray y, String xName, String yName) {
        if (x == null || y == null) throw new ModelException("Il faut des données " + xName + " et " + yName + " (pas null).");
        checkInput(x, xName);
        long out = outputSize();
        if (y.rank() == 1 || (y.rank() == 2 && y.size(1) == 1 && out > 1)) {
            throw new ModelException(String.format("Forme incompatible : %s a la forme %s (un numéro de classe par exemple) mais la "
                    + "dernière couche a %d sorties et attend [n, %d]. Encodez les étiquettes en one-hot : "
                    + "Mnist.options().oneHot() ou Nd4j.createFromArray(...) ; pour deux classes, Dense(1, \"sigmoid\") "
                    + "avec des étiquettes [n, 1].", yName, shape(y), out, out));
        }
        if (y.rank() != 2) {
            throw new ModelException("Forme incompatible : " + yName + " a la forme " + shape(y) + " mais le modèle attend [n, " + out + "].");
        }
        if (out > 0 && y.size(1) != out) {
            throw new ModelException(String.format("Forme incompatible : %s a %d colonnes (forme %s) mais la dernière couche du modèle a "
                    + "%d sorties. Mettez Dense(%d, ...) en dernière couche, ou vérifiez les étiquettes.", yName, y.size(1), shape(y),
                    out, y.size(1)));
        }
        if (x.size(0) != y.size(0)) {
            throw new ModelException(String.format("%s a %d exemples mais %s en a %d : il faut une étiquette par exemple.",
                    xName, x.size(0), yName, y.size(0)));
        }
    }

    static INDArray asFloat(INDArray a) {
        INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        // Batches are row ranges of a plain C-ordered buffer: a strided view (a column, a permuted
        // array) is copied once here, or the native ops get shapes they cannot use.
        return f.ordering() == 'c' && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(f) ? f : f.dup('c');
    }

    static INDArray rows(INDArray a, long from, long to) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < idx.length; i++) idx[i] = NDArrayIndex.all();
        return a.get(idx);
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

    // ------------------------------------------------------------------ batching

    interface Batches {
        void start(int epoch);

        int steps();

        boolean hasNext();

        DataSet next();

        default void end() {}
    }

    /** Mini-batches of arrays: shuffled with a seeded index permutation, gathered row by row in native code. */
    static final class ArrayBatches implements Batches {
        final INDArray x2d, y;
        final long[] xTail;
        final int batch;
        final boolean shuffle;
        final Random random;
        final int n;
        int[] order;
        int pos;

        ArrayBatches(INDArray x, INDArray y, int batch, boolean shuffle, long seed) {
            long n = x.size(0);
            if (n > Integer.MAX_VALUE) throw new ModelException("Trop d'exemples pour un tableau : utilisez un flux (DataSetIterator).");
            this.n = (int) n;
            long per = x.length() / Math.max(n, 1);
            this.xTail = Arrays.copyOfRange(x.shape(), 1, x.rank());
            this.x2d = x.rank() == 2 ? x : x.reshape('c', n, per); // a view when x is contiguous, else one copy
            this.y = y;
            this.batch = batch;
            this.shuffle = shuffle;
            this.random = new Random(seed);
        }

        @Override
        public void start(int epoch) {
            pos = 0;
            if (shuffle) {
                if (order == null) {
                    order = new int[n];
                    for (int i = 0; i < n; i++) order[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
        }

        @Override
        public int steps() {
            return (n + batch - 1) / batch;
        }

        @Override
        public boolean hasNext() {
            return pos < n;
        }

        @Override
        public DataSet next() {
            int end = Math.min(n, pos + batch);
            INDArray bx, by;
            if (shuffle) {
                bx = gather(x2d, order, pos, end);
                by = gather(y, order, pos, end);
            } else {
                bx = rows(x2d, pos, end);
                by = rows(y, pos, end);
            }
            pos = end;
            if (xTail.length > 1) {
                long[] s = new long[xTail.length + 1];
                s[0] = bx.size(0);
                System.arraycopy(xTail, 0, s, 1, xTail.length);
                bx = bx.reshape('c', s);
            }
            return new DataSet(bx, by);
        }
    }

    /**
     * Rows order[from..to) of a 2-d array, as a new dense array: a Java copy of each row for dense
     * float arrays (ND4J's pullRows costs about as much as a small network's whole step), else pullRows.
     */
    static INDArray gather(INDArray src, int[] order, int from, int to) {
        long per = src.size(1);
        if (src.dataType() != DataType.FLOAT || src.ordering() != 'c' || !org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(src)
                || src.length() > Integer.MAX_VALUE) {
            return Nd4j.pullRows(src, 1, Arrays.copyOfRange(order, from, to));
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {to - from, per}, 'c');
        java.nio.FloatBuffer in = floats(src), dst = floats(out);
        int p = (int) per;
        for (int k = from; k < to; k++) dst.put((k - from) * p, in, order[k] * p, p);
        return out;
    }

    /** The array's values (a view's buffer starts at its first value in ND4J). */
    private static java.nio.FloatBuffer floats(INDArray a) {
        return new org.bytedeco.javacpp.FloatPointer(a.data().addressPointer()).capacity(a.length()).asBuffer();
    }

    /** Mini-batches of a DataSetIterator; the number of steps is known after the first epoch. */
    static final class StreamBatches implements Batches {
        final DataSetIterator it;
        final Model model;
        int steps = -1;
        int count;
        boolean checked;

        StreamBatches(DataSetIterator it, Model model) {
            this.it = it;
            this.model = model;
        }

        @Override
        public void start(int epoch) {
            if (epoch > 0 || !checked) {
                if (it.resetSupported()) it.reset();
                else if (epoch > 0) throw new ModelException("Ce flux ne peut pas être relu (reset) : une seule époque est possible.");
            }
            count = 0;
        }

        @Override
        public int steps() {
            return steps;
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public DataSet next() {
            DataSet ds = it.next();
            if (!checked) {
                model.checkShapes(ds.getFeatures(), ds.getLabels(), "x (flux)", "y (flux)");
                checked = true;
            }
            count++;
            return new DataSet(asFloat(ds.getFeatures()), asFloat(ds.getLabels()));
        }

        @Override
        public void end() {
            steps = count;
        }
    }

    interface Validation {
        /** {loss, accuracy} */
        double[] evaluate(Model m);
    }

    static final class ArrayValidation implements Validation {
        final INDArray x, y;

        ArrayValidation(INDArray x, INDArray y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public double[] evaluate(Model m) {
            long n = x.size(0);
            double lossSum = 0;
            long correct = 0;
            for (long s = 0; s < n; s += PREDICT_BATCH) {
                long e = Math.min(n, s + PREDICT_BATCH);
                INDArray yb = rows(y, s, e);
                INDArray out = m.output(rows(x, s, e));
                lossSum += Losses.sum(m.lossOrGuess(), yb, out);
                correct += Losses.correct(yb, out);
            }
            return new double[] {lossSum / n, (double) correct / n};
        }
    }

    static final class StreamValidation implements Validation {
        final DataSetIterator it;

        StreamValidation(DataSetIterator it) {
            this.it = it;
        }

        long count;

        @Override
        public double[] evaluate(Model m) {
            if (it.resetSupported()) it.reset();
            double lossSum = 0;
            long correct = 0, n = 0;
            boolean checked = false;
            while (it.hasNext()) {
                DataSet ds = it.next();
                if (!checked) {
                    m.checkShapes(ds.getFeatures(), ds.getLabels(), "x (flux)", "y (flux)");
                    checked = true;
                }
                INDArray yb = asFloat(ds.getLabels());
                INDArray out = m.output(asFloat(ds.getFeatures()));
                lossSum += Losses.sum(m.lossOrGuess(), yb, out);
                correct += Losses.correct(yb, out);
                n += yb.size(0);
            }
            count = n;
            return new double[] {n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n};
        }
    }

    String lossOrGuess() {
        return loss != null ? loss : Losses.guess(outputActivation());
    }
}
