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
 * {@link fr.carnets.dl.GraphModel} (ComputationGraph), both {@link fr.carnets.dl.Model}: one
 * {@link fr.carnets.dl.LayerStack} of layers built by {@link fr.carnets.dl.NetworkBuilder}, with the
 * layer operations of {@link fr.carnets.dl.LayerModel}.</li>
 * <li>Training: {@link fr.carnets.dl.Fit} options, the loop of {@link fr.carnets.dl.Trainer} over
 * {@link fr.carnets.dl.Batches}, {@link fr.carnets.dl.History}, callbacks
 * {@link fr.carnets.dl.EarlyStopping}, {@link fr.carnets.dl.ModelCheckpoint}, {@link fr.carnets.dl.CSVLogger}.</li>
 * <li>Transfer, the same on both kinds: {@code Model.load}, {@code upTo(name)}, {@code freeze/unfreeze},
 * {@code freezeUpTo/unfreezeFrom}, {@code add(layers...)} or {@code head(name, layers...)},
 * {@code compile(Optimizers.sgd(1e-4, 0.9), ...)}; {@link fr.carnets.dl.Zoo} for DL4J's zoo.</li>
 * </ul>
 * Images are NCHW arrays {@code [n, channels, height, width]}; {@code Input(h, w, c)} keeps Keras's order.
 */
package fr.carnets.dl;
