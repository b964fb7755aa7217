package fr.carnets.dl.layers;

import java.util.Collections;
import java.util.List;

/** A tensor of the functional form: the output of a layer applied to other nodes (or an {@link Input}). */
public class Node {
    final KerasLayer layer;
    final List<Node> inputs;

    Node(KerasLayer layer, List<Node> inputs) {
        this.layer = layer;
        this.inputs = inputs;
    }

    public KerasLayer layer() {
        return layer;
    }

    public List<Node> inputs() {
        return Collections.unmodifiableList(inputs);
    }
}
