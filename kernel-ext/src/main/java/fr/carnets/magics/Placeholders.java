package fr.carnets.magics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import fr.carnets.data.DataHome;
import fr.carnets.data.TrainTest;
import fr.carnets.dl.training.History;
import fr.carnets.dl.models.KerasNames;
import fr.carnets.dl.models.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What the placeholders of a magic's usage stand for, for completion. A magic declares its
 * arguments once, in its {@link Spec} ({@code "MODELE [DONNEES | FLUX | X Y]"}) and its
 * {@link Option}s ({@code --compiler OPTIMISEUR PERTE [MESURE]}); the same words say what can be
 * written there: variables of the session holding a model or data, or a closed set of names.
 */
final class Placeholders {
    private Placeholders() {}

    /** What can be written in place of a placeholder; a lowercase word ({@code dossier}) stands for itself. */
    static List<String> candidates(String placeholder, Function<Predicate<Object>, List<String>> variables) {
        return switch (placeholder) {
            case "MODELE" -> variables.apply(v -> v instanceof Model);
            case "DONNEES" -> variables.apply(v -> v instanceof TrainTest);
            case "FLUX" -> variables.apply(v -> v instanceof DataSetIterator);
            case "X", "Y", "XV", "YV" -> variables.apply(v -> v instanceof INDArray);
            case "HISTORIQUE" -> variables.apply(v -> v instanceof History);
            case "JEU" -> DataHome.arrayDatasets();
            case "OPTIMISEUR" -> KerasNames.optimizers();
            case "PERTE" -> KerasNames.losses();
            case "MESURE" -> KerasNames.metrics();
            default -> placeholder.matches("[a-z][a-z-]*") ? List.of(placeholder) : List.of();
        };
    }

    /**
     * The placeholders that can stand at each position of a usage: "MODELE [DONNEES | FLUX | X Y]"
     * gives [MODELE], [DONNEES, FLUX, X], [Y]. Brackets are optional parts, parentheses groups,
     * bars alternatives.
     */
    static List<Set<String>> positions(String usage) {
        List<String> tokens = new ArrayList<>();
        for (String t : usage.replace("[", " [ ").replace("]", " ] ").replace("(", " ( ").replace(")", " ) ").replace("|", " | ")
                .trim().split("\\s+")) {
            if (!t.isEmpty()) tokens.add(t);
        }
        List<Set<String>> positions = new ArrayList<>();
        for (List<String> sequence : new Grammar(tokens).alternatives()) {
            for (int i = 0; i < sequence.size(); i++) {
                if (positions.size() <= i) positions.add(new LinkedHashSet<>());
                positions.get(i).add(sequence.get(i));
            }
        }
        return positions;
    }

    /** The placeholders at one position of a usage (none past its end). */
    static Set<String> at(String usage, int position) {
        List<Set<String>> p = positions(usage);
        return position < p.size() ? p.get(position) : Set.of();
    }

    /** alternatives := sequence ('|' sequence)* ; sequence := (WORD | '[' alternatives ']' | '(' alternatives ')')* */
    private static final class Grammar {
        private final List<String> tokens;
        private int i;

        Grammar(List<String> tokens) {
            this.tokens = tokens;
        }

        List<List<String>> alternatives() {
            List<List<String>> all = new ArrayList<>(sequence());
            while (i < tokens.size() && tokens.get(i).equals("|")) {
                i++;
                all.addAll(sequence());
            }
            return all;
        }

        private List<List<String>> sequence() {
            List<List<String>> seqs = new ArrayList<>();
            seqs.add(new ArrayList<>());
            while (i < tokens.size() && !Set.of("|", "]", ")").contains(tokens.get(i))) {
                String t = tokens.get(i++);
                List<List<String>> parts;
                if (t.equals("[") || t.equals("(")) {
                    parts = new ArrayList<>(alternatives());
                    if (t.equals("[")) parts.add(List.of());
                    i++; // the closing bracket
                } else {
                    parts = List.of(List.of(t));
                }
                List<List<String>> next = new ArrayList<>();
                for (List<String> s : seqs) {
                    for (List<String> p : parts) {
                        List<String> joined = new ArrayList<>(s);
                        joined.addAll(p);
                        next.add(joined);
                    }
                }
                seqs = next.size() > 64 ? next.subList(0, 64) : next; // usages are short; never explode
            }
            return seqs;
        }
    }
}
