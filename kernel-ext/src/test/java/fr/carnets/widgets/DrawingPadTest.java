package fr.carnets.widgets;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import fr.carnets.data.Mnist;

/** The drawing pad without a browser: its 784-byte buffer as an MNIST image, and back. */
class DrawingPadTest {

    @Test
    void bytesBecomeAnMnistShapedImageRowByRow() {
        byte[] grey = new byte[784];
        grey[0] = (byte) 255;
        grey[3 * 28 + 5] = (byte) 128; // row 3, column 5
        INDArray x = DrawingPad.decode(grey);
        assertArrayEquals(new long[] {1, 1, 28, 28}, x.shape());
        assertEquals(DataType.FLOAT, x.dataType());
        assertEquals(1.0, x.getDouble(0, 0, 0, 0), 1e-6);
        assertEquals(128 / 255.0, x.getDouble(0, 0, 3, 5), 1e-6);
        assertEquals(0.0, x.getDouble(0, 0, 5, 3), 1e-6);
        assertEquals(1 + 128 / 255.0, x.sumNumber().doubleValue(), 1e-5);
    }

    @Test
    void anMnistImageGoesThroughThePadUnchanged() {
        INDArray seven = Mnist.options().scale().addChannel().load().xTest.slice(0).reshape(1, 1, 28, 28);
        INDArray back = DrawingPad.decode(DrawingPad.encode(seven));
        assertArrayEquals(seven.shape(), back.shape());
        // the pad keeps bytes, as MNIST's files do: the same image to the rounding of /255
        assertEquals(0.0, back.sub(seven.castTo(DataType.FLOAT)).amaxNumber().doubleValue(), 0.5 / 255 + 1e-6);
        assertTrue(back.sumNumber().doubleValue() > 50, "le 7 de test a de l'encre");
    }

    @Test
    void anUpdateFromTheBrowserSetsTheValueAndRunsTheCallback() throws InterruptedException {
        var pad = Widgets.drawingPad();
        assertTrue(pad.isEmpty());
        assertEquals("Planche à dessin 28 × 28 : vide (dessinez un chiffre à la souris dans JupyterLab)", pad.toString());
        var seen = new AtomicReference<INDArray>();
        var called = new CountDownLatch(1);
        pad.onChange(x -> {
            seen.set(x);
            called.countDown();
        });
        byte[] grey = new byte[784];
        java.util.Arrays.fill(grey, 14 * 28, 15 * 28, (byte) 255); // a horizontal line across row 14
        JsonArray paths = new JsonArray();
        JsonArray path = new JsonArray();
        path.add("value");
        paths.add(path);
        pad.receiveUpdate(new JsonObject(), paths, List.of(grey));
        assertTrue(called.await(30, TimeUnit.SECONDS), "le rappel n'a pas été appelé");
        assertEquals(28.0, seen.get().sumNumber().doubleValue(), 1e-4);
        assertEquals(1.0, pad.value().getDouble(0, 0, 14, 27), 1e-6);
        assertEquals(28.0, pad.ink(), 1e-9);
        assertEquals("Planche à dessin 28 × 28 : un dessin, encre 28,0 sur 784", pad.toString());
        pad.clear();
        assertTrue(pad.isEmpty());
        assertEquals(0.0, seen.get().sumNumber().doubleValue(), 0.0); // clear() ran the callback with a blank image
    }

    @Test
    void badSizesAreToldInFrench() {
        var wrongBuffer = assertThrows(IllegalArgumentException.class, () -> DrawingPad.decode(new byte[100]));
        assertTrue(wrongBuffer.getMessage().contains("attend 784 octets") && wrongBuffer.getMessage().contains("reçu 100"),
                wrongBuffer.getMessage());
        var wrongImage = assertThrows(IllegalArgumentException.class,
                () -> Widgets.drawingPad().value(org.nd4j.linalg.factory.Nd4j.zeros(1, 1, 32, 32)));
        assertTrue(wrongImage.getMessage().contains("[1, 1, 32, 32]"), wrongImage.getMessage());
    }
}
