package fr.carnets.data;

import java.util.List;

/**
 * Fashion-MNIST, 10 classes of Zalando clothing images: 60,000 training and 10,000 test images, 28x28.
 *
 * <pre>
 * var d = FashionMnist.load();                                     // like Keras's load_data()
 * var d = FashionMnist.options().flatten().scale().oneHot().load(); // [n,784] in [0,1], labels [n,10]
 * </pre>
 *
 * Files come from the verified cache ({@link DataHome#dir()}); fetch them with
 * {@code ./carnets datasets}.
 */
public final class FashionMnist {
    /** Name in datasets/catalog.json and folder in the cache. */
    public static final String NAME = "fashion-mnist";

    private FashionMnist() {}

    /**
     * The 70,000 images, Keras's {@code keras.datasets.fashion_mnist.load_data()}.
     *
     * @return x [n, 28, 28] in 0..255 and y [n] (the class, see {@link #classNames()}), 60,000 for training and 10,000 for testing
     * @throws DataException when the files are missing or damaged (fetch them with {@code ./carnets datasets})
     */
    public static TrainTest load() {
        return options().load();
    }

    /**
     * Loading options, then {@code load()}: {@code FashionMnist.options().flatten().scale().oneHot().load()}.
     *
     * @return the options: {@code flatten()}, {@code scale()}, {@code oneHot()}, {@code addChannel()}, as for {@link Mnist#options()}
     */
    public static LoadOptions options() {
        return new LoadOptions(NAME);
    }

    /** Class names in label order. */
    public static List<String> classNames() {
        return DataHome.classes(NAME);
    }
}
