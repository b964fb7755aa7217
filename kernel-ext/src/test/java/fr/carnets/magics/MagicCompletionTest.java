package fr.carnets.magics;

import static fr.carnets.magics.MagicsTest.magic;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/** What the magics complete, read from their declarations (the kernel's side is tested through jupyter_client). */
class MagicCompletionTest {

    /** A session holding a text, a history and a number. */
    static final Map<String, Object> SESSION = Map.of("texte", "abc", "historique", new fr.carnets.dl.training.History(), "n", 3);
    static final Function<Predicate<Object>, List<String>> VARIABLES =
            test -> SESSION.entrySet().stream().filter(e -> test.test(e.getValue())).map(Map.Entry::getKey).sorted().toList();

    @Test
    void usagesGiveThePlaceholdersOfEachPosition() {
        assertEquals(List.of(Set.of("MODELE"), Set.of("DONNEES", "FLUX", "X"), Set.of("Y")),
                Placeholders.positions("MODELE [DONNEES | FLUX | X Y]"));
        assertEquals(List.of(Set.of("JEU", "dossier"), Set.of("CHEMIN")), Placeholders.positions("(JEU | dossier CHEMIN)"));
        assertEquals(List.of(Set.of("FLUX", "XV"), Set.of("YV")), Placeholders.positions("FLUX | XV YV"));
        assertEquals(List.of(Set.of("OPTIMISEUR"), Set.of("PERTE"), Set.of("MESURE")), Placeholders.positions("OPTIMISEUR PERTE [MESURE]"));
    }

    @Test
    void optionsCompleteWithTheirAliases() {
        assertEquals(List.of("--epoques", "--epochs"), magic("entrainer").complete("model data --ep", VARIABLES));
        assertEquals(List.of("--époques"), magic("entrainer").complete("model data --ép", VARIABLES));
        assertTrue(magic("entrainer").complete("model data --", VARIABLES).containsAll(List.of("--lot", "--batch", "--aide")));
    }

    @Test
    void argumentsCompleteWithVariablesOfTheirKind() {
        assertEquals(List.of("historique"), magic("courbes").complete("", VARIABLES));
        assertEquals(List.of(), magic("entrainer").complete("", VARIABLES), "aucun modèle dans la session");
        assertEquals(List.of(), magic("courbes").complete("historique ", VARIABLES), "un seul argument");
    }

    @Test
    void closedSetsComplete() {
        assertTrue(magic("donnees").complete("", VARIABLES).containsAll(List.of("mnist", "fashion-mnist", "dossier")));
        assertEquals(List.of("fashion-mnist"), magic("donnees").complete("fa", VARIABLES));
        assertEquals(List.of("adam"), magic("modele").complete("m = Input(4) Dense(2, softmax) --compiler ad", VARIABLES));
        assertEquals(List.of("mse"), magic("modele").complete("m = Input(4) Dense(2) --compiler sgd ms", VARIABLES));
        assertEquals(List.of("accuracy"), magic("modele").complete("m = Input(4) Dense(2) --compiler sgd mse acc", VARIABLES));
        assertEquals(List.of("softmax", "softplus", "softsign"), magic("modele").complete("m = Input(4) Dense(2, soft", VARIABLES));
        assertEquals(List.of("Dense"), magic("modele").complete("m = Input(4) de", VARIABLES));
        assertEquals(List.of("same"), magic("modele").complete("m = Input(8, 8, 1) Conv2D(4, 3, relu, s", VARIABLES));
        assertEquals(List.of("relu", "relu6"), magic("modele").complete("m = Input(8, 8, 1) Conv2D(4, 3, 3, r", VARIABLES));
        assertTrue(magic("aide").complete("ent", VARIABLES).contains("entrainer"));
    }

    @Test
    void inspectShowsTheHelpAndTheJavaOfTheLine() {
        String text = magic("entrainer").inspect(List.of("model", "data", "--epoques", "3"));
        assertTrue(text.startsWith(magic("entrainer").help()), text);
        assertTrue(text.contains("Équivalent Java de cette ligne :\n    import fr.carnets.dl.training.Fit;\n    var history = model.fit("
                + "data.xTrain, data.yTrain, Fit.epochs(3));"), text);
        String unfinished = magic("entrainer").inspect(List.of());
        assertTrue(unfinished.contains("Équivalent Java de l'exemple %entrainer model data --epoques 3 --lot 32 --validation 0.2 :"), unfinished);
    }
}
