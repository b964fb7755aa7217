package fr.carnets.magics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

/** The Carnets magics, registered under their French names and English aliases. */
public final class Magics {
    private Magics() {}

    /** Every magic, %aide last. */
    public static List<CarnetsMagic> all() {
        List<CarnetsMagic> l = new ArrayList<>(List.of(new DataMagic(), new ModelMagic(), new FitMagic(), new EvaluateMagic(),
                new PlotHistoryMagic(), new ImagesMagic(), new ConfusionMagic(), new SummaryMagic()));
        l.add(new HelpMagic(Collections.unmodifiableList(new ArrayList<>(l))));
        return Collections.unmodifiableList(l);
    }

    /** Registers every magic in the kernel's registry (only jjava-jupyter's API is used). */
    public static void register(BaseKernel kernel) {
        MagicsRegistry r = kernel.getMagicsRegistry();
        for (CarnetsMagic m : all()) {
            for (String name : m.spec().names()) {
                r.registerLineMagic(name, (BaseKernel k, List<String> args) -> m.run(new KernelSession(k), args));
            }
        }
    }
}
