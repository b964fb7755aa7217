package fr.carnets.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesTest {

    static Table big(int rows) {
        int[] id = new int[rows];
        double[] v = new double[rows];
        for (int i = 0; i < rows; i++) {
            id[i] = i;
            v[i] = i * 0.5;
        }
        return Table.create("mesures", IntColumn.create("id", id), DoubleColumn.create("valeur", v));
    }

    @Test
    void smallTableInFullWithoutNote() {
        String html = Tables.html(big(5));
        assertTrue(html.contains("<caption"));
        assertTrue(html.contains("<th>id</th>"));
        assertEquals(5 + 1, html.split("<tr><th>", -1).length - 1); // + header row
        assertFalse(html.contains("Tableau de"));
    }

    @Test
    void bigTableHeadTailAndFrenchNote() {
        String html = Tables.html(big(60000));
        // 10 first + 5 last rows with a "…" row in between
        assertEquals(15 + 1, html.split("<tr><th>", -1).length - 1); // + header row
        assertTrue(html.contains("<tr><th>0</th>"));
        assertTrue(html.contains("<tr><th>59999</th>"));
        assertFalse(html.contains("<tr><th>10</th>"));
        assertTrue(html.contains("<td>…</td>"));
        assertTrue(html.replace('\u202f', ' ').replace('\u00a0', ' ').contains("Tableau de 60 000 lignes × 2 colonnes : seules les 10 premières et 5 dernières lignes sont affichées"),
                html);
    }

    @Test
    void wideTableAndEscaping() {
        Table t = Table.create("<large>");
        for (int c = 0; c < 40; c++) t.addColumns(StringColumn.create("c" + c, new String[] {"a<b", "x&y"}));
        String html = Tables.html(t);
        assertTrue(html.contains("&lt;large&gt;"));
        assertTrue(html.contains("a&lt;b"));
        assertTrue(html.contains("x&amp;y"));
        assertTrue(html.contains("<th>c24</th>"));
        assertFalse(html.contains("<th>c25</th>"));
        assertTrue(html.contains("<th>c39</th>"));
        assertTrue(html.contains("colonnes"));
    }
}
