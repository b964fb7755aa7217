package fr.carnets.dl.runtime.onednn;

import java.util.Map;

import org.deeplearning4j.nn.layers.LayerHelper;

/** What every one of our DL4J helpers answers alike: supported (each call checks its own case), no memory of its own to report. */
interface OneDnnLayerHelper extends LayerHelper {
    @Override
    default boolean checkSupported() {
        return true;
    }

    @Override
    default Map<String, Long> helperMemoryUse() {
        return Map.of();
    }
}
