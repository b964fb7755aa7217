package fr.carnets.magics;

import java.util.List;

/**
 * One option of a magic, declared once: its French name, what it takes, what it does and its
 * aliases (English first). Parsing, usage lines, help and error messages all read it from here.
 */
public record Option(String name, Kind kind, String placeholder, String help, List<String> aliases) {
    /** What follows the option on the line. */
    public enum Kind {
        /** Nothing: present or not ({@code --aplatir}). */
        FLAG,
        /** One word ({@code --nom data}). */
        NAME,
        /** One whole number ({@code --epochs 3}). */
        INT,
        /** One decimal number ({@code --validation 0.2}). */
        NUMBER,
        /** Every word up to the next option ({@code --compile adam categorical_crossentropy accuracy}). */
        WORDS
    }

    public Option {
        aliases = List.copyOf(aliases);
    }

    public static Option flag(String name, String help, String... aliases) {
        return new Option(name, Kind.FLAG, null, help, List.of(aliases));
    }

    public static Option name(String name, String placeholder, String help, String... aliases) {
        return new Option(name, Kind.NAME, placeholder, help, List.of(aliases));
    }

    public static Option integer(String name, String placeholder, String help, String... aliases) {
        return new Option(name, Kind.INT, placeholder, help, List.of(aliases));
    }

    public static Option number(String name, String placeholder, String help, String... aliases) {
        return new Option(name, Kind.NUMBER, placeholder, help, List.of(aliases));
    }

    public static Option words(String name, String placeholder, String help, String... aliases) {
        return new Option(name, Kind.WORDS, placeholder, help, List.of(aliases));
    }

    boolean matches(String word) {
        return name.equals(word) || aliases.contains(word);
    }

    /** "--epochs N", as in a usage line. */
    String usage() {
        return "--" + name + (placeholder == null ? "" : " " + placeholder);
    }

    /** "--epochs N (--epoques)" for help and lists of valid options. */
    String label() {
        StringBuilder b = new StringBuilder(usage());
        if (!aliases.isEmpty()) {
            b.append(" (");
            for (int i = 0; i < aliases.size(); i++) b.append(i > 0 ? ", " : "").append("--").append(aliases.get(i));
            b.append(')');
        }
        return b.toString();
    }

    /** What the value should look like, for error messages. */
    String expected() {
        return switch (kind) {
            case INT -> "un nombre entier";
            case NUMBER -> "un nombre (avec un point : 0.2)";
            case WORDS -> "un ou plusieurs mots";
            default -> "un nom";
        };
    }

    /** A value to show in "par exemple --epochs 3". */
    String sample() {
        return kind == Kind.INT ? "3" : kind == Kind.NUMBER ? "0.2" : placeholder != null ? placeholder : "nom";
    }
}
