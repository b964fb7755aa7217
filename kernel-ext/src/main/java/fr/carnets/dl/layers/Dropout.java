package fr.carnets.dl.layers;

import org.deeplearning4j.nn.conf.layers.DropoutLayer;

import fr.carnets.dl.ModelException;

/**
 * Keras's Dropout: {@code rate} is the fraction of inputs DROPPED during training (0.2 drops 20 %).
 * DL4J's own {@code dropOut(p)} takes the probability to KEEP, so this layer gives it {@code 1 - rate}.
 */
public class Dropout extends KerasLayer {
    final double rate;

    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new ModelException("Dropout(rate) : rate est la fraction d'entrées mises à zéro, entre 0 (inclus) et 1 (exclu), pas "
                    + rate + ". Par exemple Dropout(0.2) en éteint 20 %.");
        }
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    @Override
    public String baseName() {
        return "dropout";
    }

    @Override
    public DropoutLayer toDl4j() {
        DropoutLayer.Builder b = new DropoutLayer.Builder(1.0 - rate).name(name);
        if (rate == 0) b.dropOut(new org.deeplearning4j.nn.conf.dropout.Dropout(1.0));
        return b.build();
    }
}
