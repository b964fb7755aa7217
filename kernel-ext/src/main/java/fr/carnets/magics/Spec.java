package fr.carnets.magics;

import java.util.List;

/**
 * What a magic declares, once: its names (French first, then aliases), what it does, its
 * positional arguments, its options, an example and a longer explanation. The usage line and the
 * help are derived from it, so they cannot drift from what the parser accepts.
 */
public record Spec(List<String> names, String summary, String arguments, List<Option> options, String example, String details) {
    private static final int WIDTH = 100;

    public Spec {
        names = List.copyOf(names);
        options = List.copyOf(options);
    }

    public String name() {
        return names.get(0);
    }

    /** "%entrainer MODELE [DONNEES | X Y] [--epochs N] [--batch N] ...", wrapped under the magic's name. */
    public String usage() {
        String head = "%" + name();
        StringBuilder b = new StringBuilder(head);
        int line = b.length();
        String indent = "\n" + " ".repeat(head.length() + 1);
        List<String> parts = new java.util.ArrayList<>();
        if (!arguments.isEmpty()) parts.add(arguments);
        for (Option o : options) parts.add("[" + o.usage() + "]");
        for (String p : parts) {
            if (line + 1 + p.length() > WIDTH && line > head.length()) {
                b.append(indent).append(p);
                line = indent.length() - 1 + p.length();
            } else {
                b.append(' ').append(p);
                line += 1 + p.length();
            }
        }
        return b.toString();
    }

    /** Full help: names, usage, options, example, details. */
    public String help() {
        StringBuilder b = new StringBuilder("%").append(name());
        if (names.size() > 1) {
            b.append(" (alias");
            for (String n : names.subList(1, names.size())) b.append(" %").append(n);
            b.append(')');
        }
        b.append(" — ").append(summary).append("\n\nUsage : ").append(usage().replace("\n", "\n" + " ".repeat(8))).append('\n');
        if (!options.isEmpty()) {
            b.append("\nOptions :\n");
            for (Option o : options) b.append("  ").append(o.label()).append("\n      ").append(o.help()).append('\n');
        }
        b.append("  --aide (--help)\n      cette aide\n");
        b.append("\nExemple :\n    ").append(example).append('\n');
        if (!details.isEmpty()) b.append('\n').append(details).append('\n');
        return b.toString();
    }
}
