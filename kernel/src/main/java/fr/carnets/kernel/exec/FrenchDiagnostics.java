package fr.carnets.kernel.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * French headlines for the javac diagnostics learners meet most. javac has no French messages,
 * so we name the problem in French and keep javac's English detail underneath.
 */
public final class FrenchDiagnostics {

    private static final Map<String, String> BY_CODE = new LinkedHashMap<>();

    static {
        BY_CODE.put("compiler.err.cant.resolve", "symbole introuvable : vérifiez l'orthographe, la casse, un import manquant, ou exécutez d'abord la cellule qui le définit");
        BY_CODE.put("compiler.err.prob.found.req", "types incompatibles : la valeur n'a pas le type attendu");
        BY_CODE.put("compiler.err.expected", "un symbole est attendu ici (souvent un « ; » ou une parenthèse oubliés)");
        BY_CODE.put("compiler.err.premature.eof", "fin du code inattendue : une accolade, une parenthèse ou un guillemet n'est pas fermé");
        BY_CODE.put("compiler.err.already.defined", "ce nom est déjà défini à cet endroit");
        BY_CODE.put("compiler.err.illegal.start.of.expr", "début d'expression incorrect");
        BY_CODE.put("compiler.err.illegal.start.of.type", "début de type incorrect");
        BY_CODE.put("compiler.err.not.stmt", "ceci n'est pas une instruction");
        BY_CODE.put("compiler.err.missing.ret.stmt", "il manque une instruction return");
        BY_CODE.put("compiler.err.unreported.exception", "exception non traitée : entourez l'appel d'un try/catch ou ajoutez throws à la méthode");
        BY_CODE.put("compiler.err.var.might.not.have.been.initialized", "la variable n'a peut-être pas été initialisée");
        BY_CODE.put("compiler.err.cant.apply.symbol", "arguments incorrects pour cet appel : vérifiez leur nombre et leurs types");
        BY_CODE.put("compiler.err.unclosed.str.lit", "chaîne de caractères non fermée : il manque un guillemet");
        BY_CODE.put("compiler.err.unclosed.char.lit", "caractère non fermé : il manque une apostrophe");
        BY_CODE.put("compiler.err.unclosed.comment", "commentaire non fermé : il manque */");
        BY_CODE.put("compiler.err.non-static.cant.be.ref", "élément d'instance utilisé sans objet (contexte statique)");
        BY_CODE.put("compiler.err.operator.cant.be.applied", "cet opérateur ne s'applique pas à ces types");
        BY_CODE.put("compiler.err.incomparable.types", "ces types ne peuvent pas être comparés");
        BY_CODE.put("compiler.err.cant.deref", "un type primitif n'a ni champs ni méthodes");
        BY_CODE.put("compiler.err.abstract.cant.be.instantiated", "une classe abstraite ou une interface ne s'instancie pas avec new");
        BY_CODE.put("compiler.err.unreachable.stmt", "instruction jamais atteinte");
        BY_CODE.put("compiler.err.else.without.if", "else sans if correspondant");
        BY_CODE.put("compiler.err.illegal.char", "caractère interdit dans du code Java");
        BY_CODE.put("compiler.err.int.number.too.large", "nombre entier trop grand (ajoutez L pour un long)");
        BY_CODE.put("compiler.err.does.not.override.abstract", "la classe doit implémenter toutes les méthodes abstraites");
        BY_CODE.put("compiler.err.ref.ambiguous", "référence ambiguë : précisez la classe ou l'import");
        BY_CODE.put("compiler.err.doesnt.exist", "paquet introuvable : vérifiez l'import ou ajoutez le jar avec %classpath");
        BY_CODE.put("compiler.err.class.public.should.be.in.file", "classe publique : retirez le mot-clé public dans une cellule");
        BY_CODE.put("compiler.err.invalid.meth.decl.ret.type.req", "déclaration de méthode sans type de retour (ajoutez void ou un type)");
        BY_CODE.put("compiler.err.limit.string", "chaîne de caractères trop longue");
    }

    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
    private static final Pattern SYMBOL = Pattern.compile("symbol:\\s+(variable|method|class|constructor)\\s+(\\S+)");
    private static final Pattern CONVERTED = Pattern.compile("(\\S+) cannot be converted to (\\S+)");
    private static final Pattern LOSSY = Pattern.compile("possible lossy conversion from (\\S+) to (\\S+)");
    /** What a course model starts with (the Keras way: Input first), said when a layer comes where Input goes. */
    private static final String INPUT_FIRST = " ; un modèle commence par son entrée : commencez par Input(784), "
            + "par exemple new Sequential(Input(784), Dense(20, \"relu\"), ...)";

    private FrenchDiagnostics() {
    }

    /**
     * The French headline for a diagnostic, made precise with javac's message where it says more
     * (which symbol is unknown, which type goes where); javac's own lines stay below it.
     */
    public static String headline(String code, String message) {
        String specific = code == null || message == null ? null : specific(code, message);
        return specific != null ? specific : headline(code);
    }

    private static String specific(String code, String message) {
        if (code.startsWith("compiler.err.expected")) {
            List<String> tokens = new ArrayList<>();
            Matcher m = QUOTED.matcher(message.lines().findFirst().orElse(""));
            while (m.find()) tokens.add(m.group(1));
            if (tokens.equals(List.of(";"))) {
                return "il manque un « ; » : chaque instruction Java se termine par un point-virgule "
                        + "(regardez la fin de cette ligne ou de la précédente)";
            }
            if (tokens.contains(")")) {
                return "il manque une parenthèse fermante « ) »" + (tokens.contains(",") ? " ou une virgule entre deux arguments" : "");
            }
            if (message.startsWith("<identifier> expected")) {
                return "un nom est attendu ici : une instruction écrite hors d'une méthode, ou un mot réservé à la place d'un nom ?";
            }
            if (!tokens.isEmpty()) {
                return "il manque « " + String.join(" » ou « ", tokens) + " » ici";
            }
            return null;
        }
        if (code.startsWith("compiler.err.cant.resolve")) {
            Matcher m = SYMBOL.matcher(message);
            if (!m.find()) return null;
            String name = m.group(2);
            return switch (m.group(1)) {
                case "variable" -> "symbole introuvable : « " + name + " » n'existe pas ici ; vérifiez l'orthographe et "
                        + "la casse, un import manquant, ou exécutez d'abord la cellule qui le définit";
                case "method" -> "symbole introuvable : la méthode « " + name + " » n'existe pas avec ces arguments ; "
                        + "vérifiez son nom, le nombre et le type des arguments, ou exécutez d'abord la cellule qui la définit";
                case "class" -> "symbole introuvable : la classe « " + name + " » est inconnue ; vérifiez son nom "
                        + "(majuscule au début) ou ajoutez son import";
                default -> null;
            };
        }
        if (code.startsWith("compiler.err.prob.found.req")) {
            Matcher lossy = LOSSY.matcher(message);
            if (lossy.find()) {
                return "types incompatibles : passer de " + lossy.group(1) + " à " + lossy.group(2) + " peut perdre "
                        + "une partie de la valeur ; écrivez (" + lossy.group(2) + ") devant la valeur si c'est voulu, "
                        + "ou déclarez la variable en " + lossy.group(1);
            }
            Matcher m = CONVERTED.matcher(message);
            if (m.find()) {
                return "types incompatibles : une valeur de type " + simple(m.group(1)) + " ne peut pas aller là où "
                        + simple(m.group(2)) + " est attendu" + (isInput(m.group(2)) ? INPUT_FIRST : "");
            }
            return null;
        }
        if (code.startsWith("compiler.err.cant.apply.symbol")) {
            Matcher m = CONVERTED.matcher(message);
            boolean converted = m.find();
            if (converted && isInput(m.group(2))) {
                return "arguments incorrects pour cet appel" + INPUT_FIRST;
            }
            if (message.contains("actual and formal argument lists differ in length")) {
                return "arguments incorrects pour cet appel : leur nombre n'est pas celui attendu (voir « required » ci-dessous)";
            }
            if (converted) {
                return "arguments incorrects pour cet appel : un argument de type " + simple(m.group(1)) + " est donné là où "
                        + simple(m.group(2)) + " est attendu";
            }
        }
        return null;
    }

    /** java.lang.String -> String, fr.carnets.dl.layers.Dense -> Dense (javac's full names, once per type). */
    private static String simple(String type) {
        return type.replaceAll("\\b[a-z][a-z0-9_]*\\.", "");
    }

    private static boolean isInput(String type) {
        return type.equals("Input") || type.endsWith(".Input");
    }

    /** The French headline for a javac diagnostic code such as {@code compiler.err.cant.resolve.location}. */
    public static String headline(String code) {
        if (code != null) {
            for (Map.Entry<String, String> e : BY_CODE.entrySet()) {
                if (code.startsWith(e.getKey())) {
                    return e.getValue();
                }
            }
            if (code.startsWith("compiler.warn")) {
                return "avertissement du compilateur";
            }
        }
        return "erreur de compilation";
    }
}
