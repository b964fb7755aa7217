package fr.carnets.dl.runtime.onednn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** The few oneDNN plans a helper keeps, most recently used first (building one JIT-compiles kernels: milliseconds). */
final class PlanCache<G, P> {
    private record Entry<G, P>(G geometry, P plan) {}

    private final int capacity;
    private final List<Entry<G, P>> entries = new ArrayList<>();

    PlanCache(int capacity) {
        this.capacity = capacity;
    }

    P get(G g, BiPredicate<G, G> same, Function<G, P> build) {
        for (int i = 0; i < entries.size(); i++) {
            Entry<G, P> e = entries.get(i);
            if (same.test(e.geometry(), g)) {
                if (i > 0) entries.add(0, entries.remove(i));
                return e.plan();
            }
        }
        P p = build.apply(g);
        entries.add(0, new Entry<>(g, p));
        if (entries.size() > capacity) entries.remove(entries.size() - 1);
        return p;
    }
}
