package fr.carnets.kernel.vars;

import fr.carnets.kernel.exec.JavaSession;
import fr.carnets.kernel.magic.MagicError;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The session's variables at a glance (%vars), and dropping one with its native memory (%vars --free). */
public final class Vars {

    /** MIME type through which an extension describes its types for %vars (see {@link RendererDescriptions}). */
    public static final String MIME = "application/vnd.carnets.variable+json";

    private static final String[] HEADERS = {"Nom", "Type", "Valeur", "Forme", "Données", "Mémoire"};

    private final JavaSession session;
    private final List<VariableInspector> inspectors;

    /** @param renderer the kernel's renderer, through which extensions describe their types */
    public Vars(JavaSession session, org.dflib.jjava.jupyter.kernel.display.Renderer renderer) {
        this.session = session;
        this.inspectors = List.of(new RendererDescriptions(renderer), new JavaValues());
    }

    /** One line per variable. */
    public record Row(String name, String type, String value, String shape, String dtype, long bytes) {
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (JavaSession.Variable v : session.variables()) {
            VariableInfo info = describe(v.value());
            rows.add(new Row(v.name(), v.typeName(), info.value(), info.shape(), info.dtype(), info.bytes()));
        }
        return rows;
    }

    /** The table, as HTML for JupyterLab and as text for jupyter console. */
    public DisplayData table() {
        List<Row> rows = rows();
        long rss = residentBytes();
        String footer = rows.size() + (rows.size() > 1 ? " variables" : " variable")
                + (rss >= 0 ? " ; mémoire du noyau (résidente, tas Java et mémoire native) : " + size(rss) : "") + ".";
        if (rows.isEmpty()) {
            return new DisplayData("Aucune variable définie pour l'instant.");
        }
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            cells.add(new String[]{r.name(), r.type(), r.value(), r.shape(), r.dtype(), r.bytes() < 0 ? "" : size(r.bytes())});
        }
        DisplayData d = new DisplayData(text(cells) + "\n" + footer);
        StringBuilder html = new StringBuilder("<table class=\"carnets-vars\"><thead><tr>");
        for (String h : HEADERS) {
            html.append("<th style=\"text-align:left\">").append(h).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (String[] row : cells) {
            html.append("<tr>");
            for (int i = 0; i < row.length; i++) {
                html.append(i == 0 ? "<td><code>" : "<td style=\"text-align:left\">").append(escape(row[i]))
                        .append(i == 0 ? "</code></td>" : "</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table><p>").append(escape(footer)).append("</p>");
        d.putHTML(html.toString());
        return d;
    }

    /**
     * Drops a variable and gives back its native memory when nothing else holds it; returns the French
     * report of what was freed.
     */
    public String free(String name) {
        long before = residentBytes();
        if (!session.dropVariable(name)) {
            throw new MagicError("%vars --free : pas de variable « " + name + " ». Tapez %vars pour voir les variables définies.", null);
        }
        long after = collect(before);
        String freed = before < 0 || after < 0 ? "" : before - after >= 1024 * 1024
                ? " ; mémoire du noyau : " + size(before) + " avant, " + size(after) + " après (" + size(before - after) + " rendus)"
                : " ; mémoire du noyau inchangée (" + size(after) + ") : la valeur est encore utilisée ailleurs, "
                + "était petite, ou sa place est gardée par Java pour la suite";
        return "Variable " + name + " supprimée" + freed + ".";
    }

    private VariableInfo describe(Object value) {
        for (VariableInspector i : inspectors) {
            try {
                VariableInfo info = i.describe(value);
                if (info != null) {
                    return info;
                }
            } catch (RuntimeException | LinkageError e) {
                // an inspector that fails on one value must not hide the others
            }
        }
        String text;
        try {
            text = JavaValues.shorten(String.valueOf(value));
        } catch (RuntimeException e) {
            text = value.getClass().getSimpleName();
        }
        return new VariableInfo(text, "", "", -1);
    }

    /**
     * Runs the collector until resident memory stops falling (at most about a second): native buffers
     * (ND4J arrays) are freed by their library's threads after the collector found them unreachable.
     */
    private static long collect(long before) {
        long last = before;
        for (int i = 0; i < 8; i++) {
            System.gc();
            try {
                Thread.sleep(120);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = residentBytes();
            if (i >= 2 && now >= last - 1024 * 1024) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** The kernel's resident memory (Linux /proc/self/statm), or -1 elsewhere. */
    static long residentBytes() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String text(List<String[]> rows) {
        int[] width = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            width[i] = HEADERS[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, HEADERS, width);
        for (String[] r : rows) {
            line(s, r, width);
        }
        return s.toString().stripTrailing();
    }

    private static void line(StringBuilder s, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            l.append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells[i])).append(i < cells.length - 1 ? "  " : "");
        }
        s.append(l.toString().stripTrailing()).append('\n');
    }

    static String size(long b) {
        if (b < 1024) {
            return b + " o";
        }
        if (b < 1024L * 1024) {
            return String.format(Locale.FRANCE, "%.1f Kio", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format(Locale.FRANCE, "%.1f Mio", b / (1024.0 * 1024));
        }
        return String.format(Locale.FRANCE, "%.2f Gio", b / (1024.0 * 1024 * 1024));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
