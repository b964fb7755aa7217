package fr.carnets.plot;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables as HTML. Colours are left to the notebook's theme (no background or text
 * colour is set), so tables read in light and dark JupyterLab alike. Big tables show their
 * first and last rows with a French note saying what was left out.
 */
public final class Tables {
    private Tables() {}

    /** Rows shown in full up to this count; beyond it, head and tail only. */
    public static final int MAX_ROWS = 20;
    public static final int HEAD_ROWS = 10;
    public static final int TAIL_ROWS = 5;
    public static final int MAX_COLUMNS = 30;

    public static String html(Table t) {
        return html(t, MAX_ROWS);
    }

    public static String html(Table t, int maxRows) {
        int rows = t.rowCount();
        int cols = t.columnCount();
        List<Integer> rowIdx = new ArrayList<>();
        boolean cutRows = rows > maxRows;
        int head = cutRows ? Math.min(HEAD_ROWS, maxRows) : rows;
        int tail = cutRows ? Math.min(TAIL_ROWS, Math.max(0, maxRows - head)) : 0;
        for (int r = 0; r < head; r++) rowIdx.add(r);
        for (int r = rows - tail; r < rows; r++) rowIdx.add(r);
        List<Integer> colIdx = new ArrayList<>();
        boolean cutCols = cols > MAX_COLUMNS;
        int firstCols = cutCols ? MAX_COLUMNS - 5 : cols;
        for (int c = 0; c < firstCols; c++) colIdx.add(c);
        if (cutCols) for (int c = cols - 5; c < cols; c++) colIdx.add(c);

        StringBuilder b = new StringBuilder();
        b.append("<div class=\"carnets-table\">");
        b.append("<table>");
        if (t.name() != null && !t.name().isBlank()) {
            b.append("<caption style=\"caption-side:top;text-align:left;font-weight:bold\">")
                    .append(escape(t.name())).append("</caption>");
        }
        b.append("<thead><tr><th></th>");
        for (int k = 0; k < colIdx.size(); k++) {
            if (cutCols && k == firstCols) b.append("<th>…</th>");
            b.append("<th>").append(escape(t.column(colIdx.get(k)).name())).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (int k = 0; k < rowIdx.size(); k++) {
            if (cutRows && k == head) {
                b.append("<tr><td>…</td>");
                for (int c = 0; c < colIdx.size() + (cutCols ? 1 : 0); c++) b.append("<td>…</td>");
                b.append("</tr>");
            }
            int r = rowIdx.get(k);
            b.append("<tr><th>").append(r).append("</th>");
            for (int j = 0; j < colIdx.size(); j++) {
                if (cutCols && j == firstCols) b.append("<td>…</td>");
                Column<?> col = t.column(colIdx.get(j));
                String align = col instanceof NumericColumn ? " style=\"text-align:right\"" : "";
                b.append("<td").append(align).append('>').append(escape(col.getString(r))).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table>");
        String note = note(rows, cols, cutRows, head, tail, cutCols);
        if (note != null) {
            b.append("<p style=\"font-size:90%;opacity:0.8;margin-top:4px\">").append(escape(note)).append("</p>");
        }
        b.append("</div>");
        return b.toString();
    }

    static String note(int rows, int cols, boolean cutRows, int head, int tail, boolean cutCols) {
        NumberFormat nf = NumberFormat.getIntegerInstance(Locale.FRANCE);
        String size = nf.format(rows) + (rows > 1 ? " lignes" : " ligne") + " × " + nf.format(cols)
                + (cols > 1 ? " colonnes" : " colonne");
        if (!cutRows && !cutCols) return null;
        StringBuilder s = new StringBuilder("Tableau de ").append(size).append(" : ");
        if (cutRows) {
            s.append("seules les ").append(head).append(" premières et ").append(tail).append(" dernières lignes sont affichées");
        }
        if (cutCols) {
            if (cutRows) s.append(", et ");
            s.append("seules les ").append(MAX_COLUMNS - 5).append(" premières et 5 dernières colonnes");
        }
        s.append(". Pour en voir d'autres : table.first(n), table.last(n), table.sampleN(n) ou table.print(n).");
        return s.toString();
    }

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }
}
