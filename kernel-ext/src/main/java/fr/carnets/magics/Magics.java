package fr.carnets.magics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The Carnets magics; the extension registers them in the kernel under their French names and English aliases. */
public final class Magics {
    private Magics() {}

    /** Every magic, %aide last. */
    public static List<CarnetsMagic> all() {
        List<CarnetsMagic> l = new ArrayList<>(List.of(new DataMagic(), new ModelMagic(), new FitMagic(), new EvaluateMagic(),
                new PlotHistoryMagic(), new ImagesMagic(), new ConfusionMagic(), new SummaryMagic(), new WidgetsMagic()));
        l.add(new HelpMagic(Collections.unmodifiableList(new ArrayList<>(l))));
        return Collections.unmodifiableList(l);
    }
}
