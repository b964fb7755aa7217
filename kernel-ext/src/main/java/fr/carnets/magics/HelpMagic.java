package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** {@code %aide} lists every magic with an example; {@code %aide nom} gives one magic's help. */
public final class HelpMagic extends CarnetsMagic {
    private final List<CarnetsMagic> magics;

    HelpMagic(List<CarnetsMagic> magics) {
        super(new Spec(List.of("aide", "help"), "liste les magies avec un exemple ; %aide nom donne l'aide d'une magie",
                "[MAGIE]", List.of(), "%aide entrainer", ""));
        this.magics = magics;
    }

    @Override
    public List<Step> steps(MagicLine a) {
        return List.of();
    }

    /** The magic called {@code name} (French name or alias, with or without %), or null. */
    CarnetsMagic find(String name) {
        String n = name.replaceFirst("^%+", "").toLowerCase(Locale.ROOT);
        for (CarnetsMagic m : magics) if (m.spec().names().contains(n)) return m;
        return spec().names().contains(n) ? this : null;
    }

    @Override
    public Object run(Session session, List<String> rawArgs) {
        MagicLine a = parse(rawArgs);
        if (a.wantsHelp()) {
            session.print(help());
            return null;
        }
        a.atMost(1);
        if (!a.positionals().isEmpty()) {
            CarnetsMagic m = find(a.positionals().get(0));
            if (m == null) {
                throw new MagicException("%" + a.magic() + " : pas de magie Carnets « " + a.positionals().get(0) + " ». Magies : "
                        + String.join(", ", frenchNames()) + ".");
            }
            session.print(m.help());
            return null;
        }
        session.print(listing(session.magicNames()));
        return null;
    }

    /** {@code %aide ent} completes the magics' names. */
    @Override
    List<String> candidates(String placeholder, java.util.function.Function<java.util.function.Predicate<Object>, List<String>> variables) {
        if (!placeholder.equals("MAGIE")) return super.candidates(placeholder, variables);
        List<String> names = new ArrayList<>();
        for (CarnetsMagic m : magics) names.addAll(m.spec().names());
        names.addAll(spec().names());
        return names;
    }

    List<String> frenchNames() {
        List<String> l = new ArrayList<>();
        for (CarnetsMagic m : magics) l.add("%" + m.name());
        l.add("%" + name());
        return l;
    }

    /** Every Carnets magic with its aliases, what it does and an example; then the kernel's other magics. */
    public String listing(Set<String> kernelMagics) {
        StringBuilder b = new StringBuilder("Magies Carnets (formes courtes de l'API Java ; chacune affiche son équivalent Java) :\n");
        List<CarnetsMagic> all = new ArrayList<>(magics);
        all.add(this);
        Set<String> ours = new TreeSet<>();
        for (CarnetsMagic m : all) {
            List<String> names = m.spec().names();
            b.append("\n  %").append(m.name());
            for (int i = 1; i < names.size(); i++) b.append(", %").append(names.get(i));
            b.append(" — ").append(m.spec().summary()).append("\n      ").append(m.spec().example()).append('\n');
            for (String n : names) ours.add("%" + n);
        }
        b.append("\nAide d'une magie : %aide nom (ou %nom --aide).\n");
        Set<String> others = new TreeSet<>(kernelMagics);
        others.removeAll(ours);
        if (!others.isEmpty()) b.append("\nAutres magies du noyau : ").append(String.join(", ", others)).append('\n');
        return b.toString();
    }
}
