package fr.carnets.dl.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What compile (and seed) decided for a model, like Keras's {@code _compile_config}: the
 * optimizer, the loss, the metrics, whether compile ran, and the seed its weights are drawn
 * from. A value: each change gives a new record, and the model holds the current one.
 * {@link ModelFiles} writes it into carnets.json with the keys it always had, so models saved
 * before it existed load the same.
 */
public record CompileConfig(Optimizer optimizer, String loss, List<String> metrics, boolean compiled, long seed) {
    public CompileConfig {
        metrics = List.copyOf(metrics);
    }

    /** A new model's: Adam, no loss, not compiled, the next seed of {@link Seeds}. */
    public static CompileConfig initial() {
        return new CompileConfig(Optimizers.adam(), null, List.of(), false, Seeds.next());
    }

    public CompileConfig compiledWith(Optimizer o, String l, List<String> m) {
        return new CompileConfig(o, l, m, true, seed);
    }

    public CompileConfig withOptimizer(Optimizer o) {
        return new CompileConfig(o, loss, metrics, compiled, seed);
    }

    public CompileConfig withSeed(long s) {
        return new CompileConfig(optimizer, loss, metrics, compiled, s);
    }

    /** The output layer changed: its loss is no longer known. */
    public CompileConfig uncompiled() {
        return new CompileConfig(optimizer, null, metrics, false, seed);
    }

    /** The keys of carnets.json this record owns (the model adds kind and input_shape). */
    public void writeTo(Map<String, Object> m) {
        m.put("compiled", compiled);
        m.put("loss", loss);
        m.put("metrics", metrics);
        m.put("optimizer", optimizer.name());
        m.put("learning_rate", optimizer.learningRate());
        m.put("momentum", optimizer.momentum());
        ExponentialDecay d = optimizer.schedule();
        if (d != null) m.put("schedule", Map.of("decay_steps", d.decaySteps(), "decay_rate", d.decayRate(), "staircase", d.staircase()));
        m.put("seed", seed);
    }

    /** Read back from carnets.json; what a key does not say stays as in {@code base}. */
    @SuppressWarnings("unchecked")
    public static CompileConfig read(Map<String, Object> m, CompileConfig base) {
        Optimizer o = base.optimizer;
        if (m.get("optimizer") instanceof String name) {
            double lr = ((Number) m.get("learning_rate")).doubleValue();
            double mom = ((Number) m.get("momentum")).doubleValue();
            ExponentialDecay d = null;
            if (m.get("schedule") instanceof Map<?, ?> sc) {
                d = new ExponentialDecay(lr, ((Number) sc.get("decay_steps")).intValue(), ((Number) sc.get("decay_rate")).doubleValue(),
                        Boolean.TRUE.equals(sc.get("staircase")));
            }
            o = new Optimizer(name, lr, mom, d);
        }
        List<String> metrics = m.get("metrics") != null ? new ArrayList<>((List<String>) m.get("metrics")) : base.metrics;
        long seed = m.get("seed") instanceof Number s ? s.longValue() : base.seed;
        return new CompileConfig(o, (String) m.get("loss"), metrics, Boolean.TRUE.equals(m.get("compiled")), seed);
    }
}
