package fr.carnets.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The regression set from the verified cache (run ./carnets datasets first). */
class DiabetesTest {

    @Test
    void rawValuesOfEfronEtAl() {
        var d = Diabetes.load();
        assertArrayEquals(new long[] {442, 10}, d.x().shape());
        assertArrayEquals(new long[] {442, 1}, d.y().shape());
        assertEquals(10, d.columns().size());
        assertEquals("âge", d.columns().get(0));
        // First patient of the published table: age 59, sex 2, BMI 32.1, blood pressure 101; progression 151.
        assertArrayEquals(new float[] {59, 2, 32.1f, 101}, new float[] {d.x().getFloat(0, 0), d.x().getFloat(0, 1),
                d.x().getFloat(0, 2), d.x().getFloat(0, 3)});
        assertEquals(151f, d.y().getFloat(0, 0));
        // The target's range and mean (152.13 in the paper's data).
        assertEquals(25.0, d.y().minNumber().doubleValue());
        assertEquals(346.0, d.y().maxNumber().doubleValue());
        assertEquals(152.13, d.y().castTo(DataType.DOUBLE).meanNumber().doubleValue(), 0.01);
        assertTrue(d.toString().contains("[442, 10]"));
    }
}
