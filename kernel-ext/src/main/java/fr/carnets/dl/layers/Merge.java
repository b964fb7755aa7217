package fr.carnets.dl.layers;

import org.deeplearning4j.nn.conf.layers.Layer;

/** Functional form only: concatenation (along channels/features) or element-wise sum of several nodes. */
public class Merge extends KerasLayer {
    final boolean add;

    Merge(boolean add) {
        this.add = add;
    }

    @Override
    public String kerasType() {
        return add ? "Add" : "Concatenate";
    }

    @Override
    public String baseName() {
        return add ? "add" : "concatenate";
    }

    @Override
    public Layer toDl4j() {
        return null;
    }

    public org.deeplearning4j.nn.conf.graph.GraphVertex vertex() {
        return add ? new org.deeplearning4j.nn.conf.graph.ElementWiseVertex(org.deeplearning4j.nn.conf.graph.ElementWiseVertex.Op.Add)
                : new org.deeplearning4j.nn.conf.graph.MergeVertex();
    }
}
