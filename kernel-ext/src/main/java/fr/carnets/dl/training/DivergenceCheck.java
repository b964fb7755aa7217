package fr.carnets.dl.training;

import java.util.Locale;

/**
 * Says in French, once per fit, when the loss stops being a number (NaN or infinite): training
 * has diverged and every later step is wasted. Keras only prints "loss: nan"; fit goes on as in
 * Keras (a learner's callback may still stop it). Applied by fit after the progress bar, and also
 * printed with {@code verbose(0)}.
 */
final class DivergenceCheck implements Callback {
    private int epoch;
    private boolean told;

    @Override
    public void onTrainBegin(Trainable model, History history) {
        told = false;
    }

    @Override
    public void onEpochBegin(Trainable model, int epoch, int steps) {
        this.epoch = epoch;
    }

    @Override
    public void onBatchEnd(Trainable model, int step, double loss, double accuracy) {
        if (told || Double.isFinite(loss)) return;
        told = true;
        String m = message(loss, epoch, step, model.optimizer());
        Progress.keepingInterrupt(() -> System.out.println(m));
    }

    static String message(double loss, int epoch, int step, Optimizer optimizer) {
        return String.format(Locale.ROOT, "La perte vaut %s depuis le lot %d de l'époque %d : l'entraînement a divergé (les poids ont "
                + "débordé) et le modèle ne prédit plus rien d'utile. Causes fréquentes : un taux d'apprentissage trop grand "
                + "(ici %s ; divisez-le par 10 jusqu'à ce que la perte descende), des entrées non normalisées (des pixels de 0 à 255 : "
                + "divisez-les par 255). Recréez le modèle avant de relancer fit : ses poids sont perdus.",
                Double.isNaN(loss) ? "NaN" : "l'infini", step, epoch + 1, optimizer);
    }
}
