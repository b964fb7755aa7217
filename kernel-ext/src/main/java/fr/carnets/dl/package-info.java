/**
 * Deep learning in a notebook with Keras's vocabulary, Deeplearning4j underneath.
 *
 * <pre>
 * import fr.carnets.dl.models.*;
 * import fr.carnets.dl.training.*;
 * import static fr.carnets.dl.layers.Layers.*;
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
 * {@code LayerStack} of layers built by {@code NetworkBuilder}, with the layer operations of
 * {@link fr.carnets.dl.models.LayerModel}.</li>
 * <li>Training: {@link fr.carnets.dl.training.Fit} options, the loop of {@code Trainer} over {@code Batches}, {@link fr.carnets.dl.training.History}, callbacks
 * {@link fr.carnets.dl.training.EarlyStopping}, {@link fr.carnets.dl.training.ModelCheckpoint}, {@link fr.carnets.dl.training.CSVLogger}.</li>
 * <li>Transfer, the same on both kinds: {@code Model.load}, {@code upTo(name)}, {@code freeze/unfreeze},
 * {@code freezeUpTo/unfreezeFrom}, {@code add(layers...)} or {@code head(name, layers...)},
 * {@code compile(Optimizers.sgd(1e-4, 0.9), ...)}; {@link fr.carnets.dl.models.Zoo} for DL4J's zoo.</li>
 * </ul>
 * The packages, each using only those before it (PackageLayersTest): this one ({@link
 * fr.carnets.dl.ModelException}, {@link fr.carnets.dl.Tensors}); {@code dl.runtime} and
 * {@code dl.runtime.onednn}, every patch to DL4J and our oneDNN path (the only code that reaches
 * into DL4J's internals); {@code dl.layers}, the layer specs; {@code dl.training}, what a model
 * does with data ({@link fr.carnets.dl.training.Trainable}: fit, evaluate, predict, callbacks,
 * optimizers, losses); {@code dl.models}, the models themselves, their building and their files.
 * Images are NCHW arrays {@code [n, channels, height, width]}; {@code Input(h, w, c)} keeps Keras's order.
 */
package fr.carnets.dl;
