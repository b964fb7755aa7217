package fr.carnets.magics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One option of a magic: its French name, its aliases (English first), what it takes and what it does. */
public final class Option {
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

    final String name;
    final List<String> aliases;
    final Kind kind;
    final String placeholder;
    final String help;

    private Option(String name, Kind kind, String placeholder, String help, String... aliases) {
        this.name = name;
        this.kind = kind;
        this.placeholder = placeholder;
        this.help = help;
        this.aliases = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(aliases)));
    }

    public static Option flag(String name, String help, String... aliases) {
        return new Option(name, Kind.FLAG, null, help, aliases);
    }

    public static Option name(String name, String placeholder, String help, String... aliases) {
        return new Option(name, Kind.NAME, placeholder, help, aliases);
    }

    public static Option integer(String name, String placeholder, String help, String... aliases) {
        return new Option(name, Kind.INT, placeholder, help, aliases);
    }

    public static Option number(String name, String placeholder, String help, String... aliases) {
        return new Option(name, Kind.NUMBER, placeholder, help, aliases);
    }

    public static Option words(String name, String placeholder, String help, String... aliases) {
        return new Option(name, Kind.WORDS, placeholder, help, aliases);
    }

    public String name() {
        return name;
    }

    public List<String> aliases() {
        return aliases;
    }

    boolean matches(String word) {
        return name.equals(word) || aliases.contains(word);
    }

    /** "--epochs N (--epoques)" for lists of valid options. */
    String label() {
        StringBuilder b = new StringBuilder("--").append(name);
        if (placeholder != null) b.append(' ').append(placeholder);
        if (!aliases.isEmpty()) {
            b.append(" (");
            for (int i = 0; i < aliases.size(); i++) b.append(i > 0 ? ", " : "").append("--").append(aliases.get(i));
            b.append(')');
        }
        return b.toString();
    }

    /** What the value should look like, for error messages. */
    String expected() {
        switch (kind) {
            case INT:
                return "un nombre entier";
            case NUMBER:
                return "un nombre (avec un point : 0.2)";
            case WORDS:
                return "un ou plusieurs mots";
            default:
                return "un nom";
        }
    }
}
