/**
 * Deep learning in a notebook with Keras's vocabulary, Deeplearning4j underneath.
 *
 * <pre>
 * import static fr.carnets.dl.layers.Layers.*;
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
 * <li>Layers: {@link fr.carnets.dl.layers.Layers} (Input, Dense, Conv2D, MaxPooling2D, AveragePooling2D,
 * GlobalAveragePooling2D, Flatten, Dropout with Keras's drop rate, BatchNormalization).</li>
 * <li>Models: {@link fr.carnets.dl.models.Sequential} (MultiLayerNetwork) and the functional
 * {@link fr.carnets.dl.models.GraphModel} (ComputationGraph), both {@link fr.carnets.dl.models.Model}: one
 * {@link fr.carnets.dl.models.LayerStack} of layers built by {@link fr.carnets.dl.models.NetworkBuilder}, with the
 * layer operations of {@link fr.carnets.dl.models.LayerModel}.</li>
 * <li>Training: {@link fr.carnets.dl.training.Fit} options, the loop of {@link fr.carnets.dl.training.Trainer} over
 * {@link fr.carnets.dl.training.Batches}, {@link fr.carnets.dl.training.History}, callbacks
 * {@link fr.carnets.dl.training.EarlyStopping}, {@link fr.carnets.dl.training.ModelCheckpoint}, {@link fr.carnets.dl.training.CSVLogger}.</li>
 * <li>Transfer, the same on both kinds: {@code Model.load}, {@code upTo(name)}, {@code freeze/unfreeze},
 * {@code freezeUpTo/unfreezeFrom}, {@code add(layers...)} or {@code head(name, layers...)},
 * {@code compile(Optimizers.sgd(1e-4, 0.9), ...)}; {@link fr.carnets.dl.models.Zoo} for DL4J's zoo.</li>
 * </ul>
 * Images are NCHW arrays {@code [n, channels, height, width]}; {@code Input(h, w, c)} keeps Keras's order.
 */
package fr.carnets.dl;
