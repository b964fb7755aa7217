package fr.carnets.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

/** A verdict shown in a notebook carries, beside its French box, the JSON the grader reads. */
class VerdictDisplayTest {

    @Test
    void displayHoldsHtmlTextAndTheMachineVerdict() {
        Verdict wrong = Check.hintVerdict(3, 5, 1e-9, "la moyenne", "divisez par valeurs.length.");
        DisplayData d = new Renderer().render(wrong, Map.of());
        assertTrue(d.hasDataForType(MIMEType.TEXT_HTML));
        assertTrue(String.valueOf(d.getData(MIMEType.TEXT_PLAIN)).startsWith("✘ La moyenne"));
        Object json = d.getData(MIMEType.parse(Verdict.MIME));
        assertEquals(Map.of("version", 1, "passed", false, "message", "La moyenne : 3, c'est trop petit. Divisez par valeurs.length."),
                json);

        DisplayData right = new Renderer().render(Check.hintVerdict(5, 5, 1e-9, "la moyenne", "h"), Map.of());
        assertEquals(Map.of("version", 1, "passed", true, "message", "La moyenne : 5"), right.getData(MIMEType.parse(Verdict.MIME)));
    }
}
