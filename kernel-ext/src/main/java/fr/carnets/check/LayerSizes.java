package fr.carnets.check;

/**
 * A model that can tell the size of each of its layers (units of a Dense layer, filters of a
 * Conv2D layer), so {@link Check#layers(LayerSizes, int...)} can check it.
 */
public interface LayerSizes {
    /** One size per layer that has one, input to output (the input layer itself excluded). */
    int[] layerSizes();
}
