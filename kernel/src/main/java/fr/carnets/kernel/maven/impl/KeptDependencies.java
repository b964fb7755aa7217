package fr.carnets.kernel.maven.impl;

import fr.carnets.kernel.maven.Resolution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dependencies left out because the kernel has them, each once (the first request is kept). */
final class KeptDependencies {

    private final Map<String, Resolution.Kept> byKey = new LinkedHashMap<>();

    synchronized void add(Resolution.Kept k) {
        Resolution.Kept old = byKey.get(k.key());
        // Keep the request that differs from the kernel's version: that is the one worth a word.
        if (old == null || (old.sameVersion() && !k.sameVersion())) {
            byKey.put(k.key(), k);
        }
    }

    synchronized List<Resolution.Kept> list() {
        return new ArrayList<>(byKey.values());
    }
}
