package fr.carnets.kernel;

import fr.carnets.kernel.magic.MagicError;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

import java.util.List;

/** %vars (the table of variables) and %vars --free NAME: short forms of {@link Notebook#vars} and {@link Notebook#freeVariable}. */
final class VarsMagic {

    private VarsMagic() {
    }

    static void register(MagicsRegistry r) {
        r.registerLineMagic("vars", (CarnetsKernel k, List<String> args) -> vars(k, args));
    }

    static Object vars(CarnetsKernel kernel, List<String> args) {
        if (args.isEmpty()) {
            kernel.out().println("Équivalent Java : vars()");
            return Notebook.vars();
        }
        if (args.size() == 2 && args.get(0).equals("--free")) {
            kernel.out().println("Équivalent Java : freeVariable(\"" + args.get(1) + "\")");
            kernel.out().println(Notebook.freeVariable(args.get(1)));
            return null;
        }
        throw new MagicError("%vars s'utilise seul (tableau des variables) ou avec --free NOM (supprimer la variable NOM "
                + "et rendre sa mémoire), par exemple : %vars --free images", null);
    }
}
