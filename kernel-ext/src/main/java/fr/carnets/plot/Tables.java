package fr.carnets.plot;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import fr.carnets.plot.Html.Cell;

import static fr.carnets.plot.Html.Cell.td;
import static fr.carnets.plot.Html.Cell.th;

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

        Html.Table table = Html.table("");
        if (t.name() != null && !t.name().isBlank()) table.caption(t.name(), "caption-side:top;text-align:left;font-weight:bold");
        List<Cell> header = new ArrayList<>();
        header.add(th(""));
        for (int k = 0; k < colIdx.size(); k++) {
            if (cutCols && k == firstCols) header.add(th("…"));
            header.add(th(t.column(colIdx.get(k)).name()));
        }
        table.head(header);
        for (int k = 0; k < rowIdx.size(); k++) {
            if (cutRows && k == head) {
                table.row(Collections.nCopies(colIdx.size() + (cutCols ? 2 : 1), td("…")));
            }
            int r = rowIdx.get(k);
            List<Cell> row = new ArrayList<>();
            row.add(th(r));
            for (int j = 0; j < colIdx.size(); j++) {
                if (cutCols && j == firstCols) row.add(td("…"));
                Column<?> col = t.column(colIdx.get(j));
                Cell c = td(col.getString(r));
                row.add(col instanceof NumericColumn ? c.right() : c);
            }
            table.row(row);
        }
        String note = note(rows, cols, cutRows, head, tail, cutCols);
        return "<div class=\"carnets-table\">" + table
                + (note == null ? "" : "<p style=\"font-size:90%;opacity:0.8;margin-top:4px\">" + Html.escape(note) + "</p>")
                + "</div>";
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
}
