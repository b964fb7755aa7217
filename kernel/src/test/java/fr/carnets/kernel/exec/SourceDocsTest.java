package fr.carnets.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** JShell's signatures as each JDK writes them, brought to the one form the Javadoc lookup reads. */
class SourceDocsTest {

    @Test
    void aRecordsComponentsAfterItsNameAreDropped() {
        // JShell 25, a static method of a record
        assertEquals("ClassSubset ClassSubset.of(INDArray x, int[] classes)",
                SourceDocs.withoutRecordHeaders("ClassSubset ClassSubset(INDArray x, INDArray y).of(INDArray x, int[] classes)"));
        // a record nested in a record
        assertEquals("R.In.f(int a)", SourceDocs.withoutRecordHeaders("R(int a).In(long b).f(int a)"));
    }

    @Test
    void otherSignaturesAreLeftAsTheyAre() {
        for (String s : new String[] {"int Math.max(int a, int b)", "fr.carnets.dl.models.Sequential(KerasLayer... layers)",
                "fr.carnets.dl.training.Fit", "FitOptions FitOptions.epochs(int epochs)", "m:Sequential"}) {
            assertEquals(s, SourceDocs.withoutRecordHeaders(s));
        }
    }
}
