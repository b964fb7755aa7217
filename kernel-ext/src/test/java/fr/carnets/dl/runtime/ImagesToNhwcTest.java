package fr.carnets.dl.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The NCHW → NHWC entrance: a view for one-channel images the learner owns, a copy otherwise; same values either way. */
class ImagesToNhwcTest {
    private final ImagesToNhwc pre = new ImagesToNhwc();
    private final LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();

    private static INDArray images(long n, long c, long h, long w) {
        return Nd4j.linspace(DataType.FLOAT, 1, n * c * h * w, 1).reshape('c', n, c, h, w);
    }

    private static void assertNhwcOf(INDArray nchw, INDArray nhwc) {
        assertArrayEquals(new long[] {nchw.size(0), nchw.size(2), nchw.size(3), nchw.size(1)}, nhwc.shape());
        assertEquals(nchw.permute(0, 2, 3, 1).dup('c'), nhwc.dup('c'));
    }

    /** Preprocesses (checking the values), then writes into the input: whether the output saw it, being a view. */
    private boolean viewed(INDArray nchw) {
        INDArray out = pre.preProcess(nchw, (int) nchw.size(0), none);
        assertNhwcOf(nchw, out);
        nchw.putScalar(new long[] {0, 0, 0, 0}, -7f);
        return out.getFloat(0, 0, 0, 0) == -7f;
    }

    @Test
    void oneChannelImagesOfTheLearnerAreViewedNotCopied() {
        assertTrue(viewed(images(3, 1, 5, 4)));
        assertTrue(viewed(images(1, 1, 28, 28)));
        // Rows of a loaded dataset are views at an offset into its memory (Mnist...addChannel().load()).
        INDArray rows = images(4, 1, 5, 4).get(NDArrayIndex.interval(1, 3));
        assertTrue(rows.isView());
        assertTrue(viewed(rows));
    }

    /** The whole model on a view at an offset (our oneDNN layers read its address): the same predictions as on a copy. */
    @Test
    void aModelPredictsTheSameOnViewedRowsAsOnCopies() {
        var m = new fr.carnets.dl.models.Sequential(fr.carnets.dl.layers.Layers.Input(9, 7, 1), fr.carnets.dl.layers.Layers.Conv2D(4, 3, "relu"),
                fr.carnets.dl.layers.Layers.MaxPooling2D(2), fr.carnets.dl.layers.Layers.Flatten(), fr.carnets.dl.layers.Layers.Dense(3, "softmax"));
        m.seed(3);
        m.compile("adam", "categorical_crossentropy", "accuracy");
        INDArray all = Nd4j.rand(DataType.FLOAT, 6 * 9 * 7).reshape('c', 6, 1, 9, 7);
        for (long[] r : new long[][] {{0, 1}, {2, 3}, {3, 6}}) {
            INDArray view = all.get(NDArrayIndex.interval(r[0], r[1]));
            INDArray expected = m.predict(view.dup('c'));
            assertEquals(expected, m.predict(view), "rows " + r[0] + ".." + r[1]);
        }
    }

    @Test
    void severalChannelsColumnMajorAndWorkspaceArraysAreCopied() {
        assertFalse(viewed(images(2, 3, 5, 4)), "three channels: a copy");
        assertFalse(viewed(images(2, 1, 5, 4).dup('f')), "column-major: a copy");

        try (var ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WorkspaceConfiguration.builder().initialSize(1 << 20).build(), "ImagesToNhwcTest")) {
            INDArray attached = images(2, 1, 5, 4);
            assertTrue(attached.isAttached());
            INDArray copied = pre.preProcess(attached, 2, none);
            assertFalse(copied.isAttached(), "out of the iterator's workspace, as DL4J asks of a first layer's input");
            assertNhwcOf(attached, copied);
        }
    }
}
