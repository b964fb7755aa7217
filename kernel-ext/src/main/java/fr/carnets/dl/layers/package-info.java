/**
 * The layers as a notebook describes them, in Keras's vocabulary: {@link fr.carnets.dl.layers.Layers}
 * makes them ({@code Dense(10, "softmax")}), each a {@link fr.carnets.dl.layers.KerasLayer} that
 * gives its DL4J configuration; {@link fr.carnets.dl.layers.Node} and {@code apply} for the
 * functional form. Knows nothing of models or training.
 */
package fr.carnets.dl.layers;
