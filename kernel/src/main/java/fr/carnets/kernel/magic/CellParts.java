package fr.carnets.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a cell into Java code and magics, keeping where each part starts so errors point at
 * the right line of the cell.
 *
 * <ul>
 *   <li>A cell whose first non-blank line is {@code %%name args} is one cell magic; the rest is its body.</li>
 *   <li>Otherwise each line starting with {@code %name} (a letter after %) is a line magic, and the
 *       lines between them are Java.</li>
 * </ul>
 * A Java line cannot start with {@code %letter} except as the continuation of a modulo expression
 * ({@code a\n%b}); write {@code a % b} on one line instead.
 */
public final class CellParts {

    public enum Kind { JAVA, LINE_MAGIC, CELL_MAGIC }

    /** One part of a cell. {@code start} is the offset of its first character in the cell. */
    public record Part(Kind kind, String text, int start, String name, String rawArgs, String body) {
        public static Part java(String text, int start) {
            return new Part(Kind.JAVA, text, start, null, "", null);
        }

        /** Arguments split like a shell; a magic that takes code (such as %time) uses {@link #rawArgs()}. */
        public List<String> args() {
            return MagicArgs.split(rawArgs);
        }
    }

    private static final Pattern LINE_MAGIC = Pattern.compile("^[ \\t]*%(?!%)([A-Za-z][\\w.-]*)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^[ \\t]*%%([A-Za-z][\\w.-]*)([^\\n]*)(?:\\n|$)");

    private CellParts() {
    }

    public static List<Part> parse(String cell) {
        List<Part> parts = new ArrayList<>();
        int firstContent = firstNonBlankLineStart(cell);
        Matcher cm = CELL_MAGIC.matcher(cell).region(firstContent, cell.length());
        if (cm.lookingAt()) {
            String body = cell.substring(cm.end());
            parts.add(new Part(Kind.CELL_MAGIC, cell.substring(firstContent), firstContent,
                    cm.group(1), cm.group(2).strip(), body));
            return parts;
        }

        int javaStart = 0;
        int lineStart = 0;
        while (lineStart <= cell.length()) {
            int nl = cell.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? cell.length() : nl;
            String line = cell.substring(lineStart, lineEnd);
            Matcher lm = LINE_MAGIC.matcher(line);
            if (lm.matches()) {
                addJava(parts, cell, javaStart, lineStart);
                parts.add(new Part(Kind.LINE_MAGIC, line, lineStart, lm.group(1), lm.group(2).strip(), null));
                javaStart = nl < 0 ? cell.length() : nl + 1;
            }
            if (nl < 0) {
                break;
            }
            lineStart = nl + 1;
        }
        addJava(parts, cell, javaStart, cell.length());
        return parts;
    }

    /** The part that contains the cursor (or ends right at it). */
    public static Part at(List<Part> parts, int cursor) {
        Part found = null;
        for (Part p : parts) {
            if (p.start() <= cursor) {
                found = p;
            }
        }
        return found;
    }

    /** 1-based line number in the cell of a character offset. */
    public static int lineOf(String cell, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, cell.length()); i++) {
            if (cell.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static void addJava(List<Part> parts, String cell, int from, int to) {
        if (from < to && !cell.substring(from, to).isBlank()) {
            parts.add(Part.java(cell.substring(from, to), from));
        }
    }

    private static int firstNonBlankLineStart(String cell) {
        int lineStart = 0;
        while (lineStart < cell.length()) {
            int nl = cell.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? cell.length() : nl;
            if (!cell.substring(lineStart, lineEnd).isBlank() || nl < 0) {
                return lineStart;
            }
            lineStart = nl + 1;
        }
        return Math.min(lineStart, cell.length());
    }
}
