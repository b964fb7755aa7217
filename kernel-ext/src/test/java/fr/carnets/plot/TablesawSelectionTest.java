package fr.carnets.plot;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Row selection goes through fastutil: DL4J's older fastutil broke it (AbstractMethodError). */
class TablesawSelectionTest {

    @Test
    void firstRowsAndWhereWork() {
        Table t = Table.create("t",
                StringColumn.create("fichier", "a.png", "b.png", "c.png", "d.png"),
                IntColumn.create("classe", 1, 2, 3, 4));
        assertEquals(3, t.first(3).rowCount());
        assertEquals(2, t.where(t.intColumn("classe").isGreaterThan(2)).rowCount());
        assertEquals("b.png", t.first(2).stringColumn("fichier").get(1));
    }
}
