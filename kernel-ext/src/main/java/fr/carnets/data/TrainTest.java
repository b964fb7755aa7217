package fr.carnets.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The four arrays of Keras's {@code (x_train, y_train), (x_test, y_test) = load_data()}.
 * Fields are public and named like Keras's (in Java case): {@code xTrain, yTrain, xTest, yTest}.
 */
public final class TrainTest {
    public final INDArray xTrain;
    public final INDArray yTrain;
    public final INDArray xTest;
    public final INDArray yTest;
    /** Class names in label order (label i is {@code classes.get(i)}). */
    public final List<String> classes;

    TrainTest(INDArray xTrain, INDArray yTrain, INDArray xTest, INDArray yTest, List<String> classes) {
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.xTest = xTest;
        this.yTest = yTest;
        this.classes = Collections.unmodifiableList(classes);
    }

    /** The training pair as a DL4J DataSet (features, labels). */
    public DataSet train() {
        return new DataSet(xTrain, yTrain);
    }

    /** The test pair as a DL4J DataSet (features, labels). */
    public DataSet test() {
        return new DataSet(xTest, yTest);
    }

    @Override
    public String toString() {
        return "xTrain " + Arrays.toString(xTrain.shape()) + ", yTrain " + Arrays.toString(yTrain.shape())
                + ", xTest " + Arrays.toString(xTest.shape()) + ", yTest " + Arrays.toString(yTest.shape())
                + ", classes " + classes;
    }
}
