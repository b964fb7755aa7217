package fr.carnets.dl.training;

import java.util.Collections;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * SGD with classical (not Nesterov) momentum, as Keras's {@code SGD(learning_rate, momentum)}:
 * {@code v = momentum * v - lr * g; w = w + v}. DL4J only has Nesterov's momentum built in.
 */
public class SgdMomentum implements IUpdater {
    private static final long serialVersionUID = 1L;
    private double learningRate = 0.01;
    private double momentum = 0.9;
    private ISchedule learningRateSchedule; // null: a constant learning rate

    public SgdMomentum() {}

    public SgdMomentum(ISchedule learningRateSchedule, double momentum) {
        this.learningRateSchedule = learningRateSchedule;
        this.learningRate = learningRateSchedule.valueAt(0, 0);
        this.momentum = momentum;
    }

    public SgdMomentum(double learningRate, double momentum) {
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public void setLearningRateSchedule(ISchedule learningRateSchedule) {
        this.learningRateSchedule = learningRateSchedule;
    }

    public double getMomentum() {
        return momentum;
    }

    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(state, initializeStateArrays);
        return u;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SgdMomentum s && s.learningRate == learningRate && s.momentum == momentum
                && java.util.Objects.equals(s.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(learningRate) * 31 + Double.hashCode(momentum);
    }

    @Override
    public SgdMomentum clone() {
        SgdMomentum c = new SgdMomentum(learningRate, momentum);
        c.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
        return c;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule == null ? learningRate : learningRateSchedule.valueAt(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public String toString() {
        return "SgdMomentum(lr=" + (learningRateSchedule == null ? learningRate : learningRateSchedule) + ", momentum=" + momentum + ")";
    }

    static final class Updater implements GradientUpdater<SgdMomentum> {
        private final SgdMomentum config;
        private INDArray velocity;

        Updater(SgdMomentum config) {
            this.config = config;
        }

        @Override
        public SgdMomentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            velocity = state.get("V");
            if (initialize && velocity != null) velocity.assign(0);
        }

        @Override
        public Map<String, INDArray> getState() {
            return Collections.singletonMap("V", velocity);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            if (initialize) viewArray.assign(0);
            velocity = viewArray.reshape(gradientOrder, gradientShape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            // DL4J subtracts what this leaves in `gradient`: leave -v where v = m v - lr g.
            velocity.muli(config.momentum).subi(gradient.muli(config.getLearningRate(iteration, epoch)));
            gradient.assign(velocity).negi();
        }
    }
}
