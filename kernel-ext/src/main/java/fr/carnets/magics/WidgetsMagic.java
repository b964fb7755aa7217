package fr.carnets.magics;

import java.util.List;

/** {@code %widgets}: Widgets.help(), each widget of fr.carnets.widgets with the Java that makes it. */
public final class WidgetsMagic extends CarnetsMagic {
    public WidgetsMagic() {
        super(new Spec(List.of("widgets"),
                "liste les widgets Jupyter (curseurs, listes, boutons, interact) et le Java qui crée chacun",
                "", List.of(), "%widgets", "Comme fr.carnets.widgets.Widgets.help() ; un widget s'affiche comme valeur d'une cellule."));
    }

    @Override
    public List<Step> steps(MagicLine a) {
        a.atMost(0);
        return List.of(Step.result("fr.carnets.widgets.Widgets.help()"));
    }
}
