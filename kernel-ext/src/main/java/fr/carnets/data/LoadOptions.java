package fr.carnets.data;

import java.nio.file.Path;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How to shape an IDX image dataset (MNIST, Fashion-MNIST) once loaded. Without options the
 * arrays are those of Keras's {@code load_data()}: images {@code [n, 28, 28]} with values 0..255
 * (as float), labels {@code [n]} holding the class index. Each option gives new options (the
 * chain is a value); {@link #load()} reads the files.
 */
public final class LoadOptions extends OptionChain<LoadOptions> {
    private final String dataset;
    private boolean flatten;
    private boolean scale;
    private boolean oneHot;
    private boolean channel;
    private Path from;

    LoadOptions(String dataset) {
        this.dataset = dataset;
    }

    /** Images as rows of 784 values: {@code [n, 784]} (for Dense layers). */
    public LoadOptions flatten() {
        LoadOptions c = copy();
        c.flatten = true;
        return c;
    }

    /** Pixel values divided by 255, so in [0, 1]. */
    public LoadOptions scale() {
        LoadOptions c = copy();
        c.scale = true;
        return c;
    }

    /** Labels as one-hot rows {@code [n, 10]} (what DL4J's softmax output expects). */
    public LoadOptions oneHot() {
        LoadOptions c = copy();
        c.oneHot = true;
        return c;
    }

    /** Images with a channel axis, DL4J's NCHW: {@code [n, 1, 28, 28]} (for Conv2D layers). */
    public LoadOptions addChannel() {
        LoadOptions c = copy();
        c.channel = true;
        return c;
    }

    /** Reads from this cache folder instead of the default one ({@link DataHome#dir()}). */
    public LoadOptions from(Path dataDir) {
        LoadOptions c = copy();
        c.from = dataDir;
        return c;
    }

    /**
     * Loads the verified files (SHA-256 checked once per JVM) into arrays, with the options chosen.
     *
     * @return xTrain, yTrain, xTest, yTest
     * @throws DataException when the files are missing or damaged, or flatten() and addChannel() are both chosen
     */
    public TrainTest load() {
        if (flatten && channel) {
            throw new DataException("flatten() et addChannel() s'excluent : choisissez [n, 784] ou [n, 1, 28, 28].");
        }
        Path root = from != null ? from : DataHome.dir();
        List<String> classes = DataHome.classes(dataset);
        INDArray xTrain = images(root, "train-images-idx3-ubyte");
        INDArray yTrain = labels(root, "train-labels-idx1-ubyte", classes.size());
        INDArray xTest = images(root, "t10k-images-idx3-ubyte");
        INDArray yTest = labels(root, "t10k-labels-idx1-ubyte", classes.size());
        if (xTrain.size(0) != yTrain.size(0) || xTest.size(0) != yTest.size(0)) {
            throw new DataException("Nombre d'images et d'étiquettes différents dans " + root.resolve(dataset));
        }
        return new TrainTest(xTrain, yTrain, xTest, yTest, classes);
    }

    private INDArray images(Path root, String file) {
        INDArray x = Idx.read(DataHome.verifiedFile(root, dataset, file), scale ? 255f : 1f);
        long n = x.size(0);
        if (flatten) return x.reshape('c', n, x.size(1) * x.size(2));
        if (channel) return x.reshape('c', n, 1, x.size(1), x.size(2));
        return x;
    }

    private INDArray labels(Path root, String file, int nClasses) {
        INDArray y = Idx.read(DataHome.verifiedFile(root, dataset, file));
        if (!oneHot) return y;
        long n = y.size(0);
        float[] hot = new float[(int) (n * nClasses)];
        float[] idx = y.toFloatVector();
        for (int i = 0; i < n; i++) hot[i * nClasses + (int) idx[i]] = 1f;
        return Nd4j.create(hot, new long[] {n, nClasses}, 'c').castTo(DataType.FLOAT);
    }
}
