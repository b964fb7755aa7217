package fr.carnets.dl.models;

import static fr.carnets.dl.layers.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.indexing.NDArrayIndex;

import fr.carnets.data.Mnist;
import fr.carnets.data.TrainTest;

import fr.carnets.dl.layers.Input;
import fr.carnets.dl.layers.Node;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.History;
import fr.carnets.dl.training.Optimizers;
import fr.carnets.dl.training.Scores;

/** Lesson 02 and 04 on real MNIST (run ./carnets datasets first); slow, so only in `./mvnw verify -Pall-tests`. */
@Tag("mnist")
class MnistTrainingTest {

    /** Lesson 02: 784-20-14-10, adam, categorical_crossentropy, batch 32, 3 epochs, validation 20 %. */
    @Test
    void denseModelReaches93PercentInThreeEpochs() {
        TrainTest d = Mnist.options().flatten().scale().oneHot().load();
        var model = new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax")).seed(42);
        model.compile("adam", "categorical_crossentropy", "accuracy");
        History h = model.fit(d.xTrain, d.yTrain, Fit.batchSize(32).epochs(3).validationSplit(0.2).seed(42));
        Scores s = model.evaluate(d.xTest, d.yTest);
        System.out.println("MNIST dense: " + h + "\n  test " + s + "\n  seconds per epoch " + Arrays.toString(h.epochSeconds()));
        assertEquals(3, h.epochs());
        assertTrue(s.accuracy() >= 0.93, s.toString());
        assertTrue(h.get("val_accuracy")[2] >= 0.92, h.toString());
    }

    /** Lesson 04: a small convnet trained briefly on a subset. */
    @Test
    void smallConvnetLearnsOnASubset() {
        TrainTest d = Mnist.options().scale().oneHot().addChannel().load();
        var x = d.xTrain.get(NDArrayIndex.interval(0, 3000), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        var y = d.yTrain.get(NDArrayIndex.interval(0, 3000), NDArrayIndex.all());
        var model = new Sequential(Input(28, 28, 1),
                Conv2D(8, 3, "relu"), MaxPooling2D(2),
                Conv2D(16, 3, "relu"), MaxPooling2D(2),
                Flatten(), Dropout(0.25), Dense(10, "softmax")).seed(1);
        model.compile(Optimizers.adam(0.003), "categorical_crossentropy", "accuracy");
        History h = model.fit(x, y, Fit.batchSize(32).epochs(2).validationSplit(0.1).seed(1));
        var xt = d.xTest.get(NDArrayIndex.interval(0, 2000), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        var yt = d.yTest.get(NDArrayIndex.interval(0, 2000), NDArrayIndex.all());
        Scores s = model.evaluate(xt, yt);
        System.out.println("MNIST convnet (3000 images): " + h + "\n  test " + s);
        assertTrue(s.accuracy() > 0.85, s.toString());
    }

    /**
     * A graph with BatchNormalization reports the accuracy of its training steps, as Keras does, and
     * as the same layers in a Sequential do. It reported a second pass in inference mode, where the
     * moving statistics still lag the weights: 10 to 19 % where its steps got 40 to 60 % right, so the
     * bench's residual net seemed not to learn.
     */
    @Test
    void batchNormGraphReportsItsTrainingStepsAccuracy() {
        TrainTest d = Mnist.options().scale().oneHot().addChannel().load();
        var x = d.xTrain.get(NDArrayIndex.interval(0, 2560), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        var y = d.yTrain.get(NDArrayIndex.interval(0, 2560), NDArrayIndex.all());
        Input in = Input(28, 28, 1);
        Node t = in;
        for (int i = 0; i < 3; i++) t = BatchNormalization().apply(Conv2D(16, 3, "relu", "same").apply(t));
        var graph = new GraphModel(in, Dense(10, "softmax").apply(GlobalAveragePooling2D().apply(t))).seed(42);
        var seq = new Sequential(Input(28, 28, 1), Conv2D(16, 3, "relu", "same"), BatchNormalization(),
                Conv2D(16, 3, "relu", "same"), BatchNormalization(), Conv2D(16, 3, "relu", "same"), BatchNormalization(),
                GlobalAveragePooling2D(), Dense(10, "softmax")).seed(42);
        double[] acc = new double[2];
        int k = 0;
        for (Model m : List.of(graph, seq)) {
            m.compile("adam", "categorical_crossentropy", "accuracy");
            History h = m.fit(x, y, Fit.batchSize(128).epochs(2).seed(42).verbose(0));
            System.out.println("BN " + m.kind() + ": " + h);
            acc[k++] = h.get("accuracy")[1];
        }
        assertTrue(acc[0] > 0.35, "graph: " + acc[0]);
        assertEquals(acc[1], acc[0], 0.1, "graph " + acc[0] + " against sequential " + acc[1]);
    }
}
