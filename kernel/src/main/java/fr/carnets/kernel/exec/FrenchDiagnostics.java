package fr.carnets.kernel.exec;

import java.util.LinkedHashMap;
import java.util.Map;

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

    private FrenchDiagnostics() {
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
