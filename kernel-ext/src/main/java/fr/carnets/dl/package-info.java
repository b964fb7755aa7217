/**
 * Deep learning in a notebook with Keras's vocabulary, Deeplearning4j underneath.
 *
 * <pre>
 * import static fr.carnets.dl.Layers.*;
 * import fr.carnets.dl.*;
 *
 * var d = fr.carnets.data.Mnist.options().flatten().scale().oneHot().load();
 * var model = new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax"));
 * model.compile("adam", "categorical_crossentropy", "accuracy");
 * var history = model.fit(d.xTrain, d.yTrain, Fit.batchSize(32).epochs(3).validationSplit(0.2));
 * model.evaluate(d.xTest, d.yTest);
 * </pre>
 *
 * <ul>
 * <li>Layers: {@link fr.carnets.dl.Layers} (Input, Dense, Conv2D, MaxPooling2D, AveragePooling2D,
 * GlobalAveragePooling2D, Flatten, Dropout with Keras's drop rate, BatchNormalization).</li>
 * <li>Models: {@link fr.carnets.dl.Sequential} (MultiLayerNetwork) and the functional
 * {@link fr.carnets.dl.GraphModel} (ComputationGraph), both {@link fr.carnets.dl.Model}.</li>
 * <li>Training: {@link fr.carnets.dl.Fit} options, {@link fr.carnets.dl.History}, callbacks
 * {@link fr.carnets.dl.EarlyStopping}, {@link fr.carnets.dl.ModelCheckpoint}, {@link fr.carnets.dl.CSVLogger}.</li>
 * <li>Transfer: {@code Sequential.load}, {@code upTo(name)}, {@code freeze/unfreeze}, {@code add(head...)},
 * {@code compile(Optimizers.sgd(1e-4, 0.9), ...)}; {@link fr.carnets.dl.Zoo} for DL4J's zoo.</li>
 * </ul>
 * Images are NCHW arrays {@code [n, channels, height, width]}; {@code Input(h, w, c)} keeps Keras's order.
 */
package fr.carnets.dl;
