package fr.carnets.bench;

import static fr.carnets.dl.layers.Layers.*;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.models.Sequential;

/**
 * Where a training step goes (a development tool, not part of ./carnets bench): times the
 * network built by the public API (convnet, dense, transfer; vgg and resnet as Bench builds
 * them), then the same network changed through DL4J's configuration (workspaces, frozen
 * layers...). Milliseconds per step, median of N steps, then per layer, forward and backward.
 * {@code bn=dl4j} puts DL4J's own batch normalization helper back in place of ours, {@code bn=none}
 * takes every helper out of those layers (DL4J's Java code): the "before" of a measurement.
 *
 * <pre>
 * java -cp ... fr.carnets.bench.Profile convnet steps=30 batch=128
 * java -cp ... fr.carnets.bench.Profile vgg steps=20 bn=dl4j
 * </pre>
 */
public final class Profile {
    private Profile() {}

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "convnet";
        int steps = 30, batch = 128;
        String ws = "default";
        for (String a : args) {
            if (a.startsWith("steps=")) steps = Integer.parseInt(a.substring(6));
            if (a.startsWith("batch=")) batch = Integer.parseInt(a.substring(6));
            if (a.startsWith("ws=")) ws = a.substring(3);
            if (a.equals("clock=cpu")) cpuClock = true;
            if (a.startsWith("blas=")) Nd4j.factory().blas().setMaxThreads(Integer.parseInt(a.substring(5)));
            if (a.startsWith("omp=")) org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(Integer.parseInt(a.substring(4)));
            if (a.startsWith("threads=")) {
                Nd4j.getEnvironment().setMaxThreads(Integer.parseInt(a.substring(8)));
                Nd4j.getEnvironment().setMaxMasterThreads(Integer.parseInt(a.substring(8)));
            }
        }
        if (what.equals("vgg") || what.equals("resnet")) { // the bench's own definitions
            var m = Bench.model(what);
            m.seed(42);
            m.compile("adam", "categorical_crossentropy", "accuracy");
            var dl4j = m.toDl4j();
            fr.carnets.dl.runtime.onednn.NetworkPatches.install(dl4j);
            batchNorm(dl4j, args);
            if (dl4j instanceof org.deeplearning4j.nn.graph.ComputationGraph g) {
                graph(g, steps, batch);
                System.exit(0);
            }
            layers((MultiLayerNetwork) dl4j, Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28), steps, batch);
            System.exit(0);
        }
        Sequential model;
        if (what.equals("transfer")) {
            model = new Sequential(Input(28, 28, 1), Conv2D(32, 3, "relu"), MaxPooling2D(2), Conv2D(64, 3, "relu"), MaxPooling2D(2),
                    GlobalAveragePooling2D(), Dense(10, "softmax"));
            model.freeze(0, 1, 2, 3);
        } else if (what.equals("dense")) {
            model = new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax"));
        } else {
            model = new Sequential(Input(28, 28, 1), Conv2D(32, 3, "relu"), MaxPooling2D(2), Conv2D(64, 3, "relu"), MaxPooling2D(2),
                    Flatten(), Dropout(0.5), Dense(10, "softmax"));
        }
        model.compile("adam", "categorical_crossentropy", "accuracy");
        MultiLayerNetwork built = (MultiLayerNetwork) model.toDl4j();
        if (Arrays.asList(args).contains("format=nhwc")) built = rawConvnet(CNN2DFormat.NHWC);
        if (Arrays.asList(args).contains("format=nchw")) built = rawConvnet(CNN2DFormat.NCHW);
        boolean nhwc = Arrays.asList(args).contains("format=nhwc");
        boolean plainFrozen = Arrays.asList(args).contains("frozen=plain");
        if (plainFrozen) { // FrozenLayer (no backprop through the frozen base) instead of FrozenLayerWithBackprop
            org.deeplearning4j.nn.conf.MultiLayerConfiguration c = built.getLayerWiseConfigurations().clone();
            for (int i = 0; i < c.getConfs().size(); i++) {
                org.deeplearning4j.nn.conf.layers.Layer l = c.getConf(i).getLayer();
                if (l instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop) {
                    c.getConf(i).setLayer(new org.deeplearning4j.nn.conf.layers.misc.FrozenLayer(
                            ((org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop) l).getUnderlying()));
                }
            }
            MultiLayerNetwork n2 = new MultiLayerNetwork(c);
            n2.init(built.params().dup(), false);
            built = n2;
        }
        final MultiLayerNetwork net = built;
        fr.carnets.dl.runtime.onednn.NetworkPatches.install(net); // what every model does once, when its network is built
        if (Arrays.asList(args).contains("stockupdater")) stockUpdater(net);
        if (Arrays.asList(args).contains("nopoolhelper")) fr.carnets.dl.runtime.onednn.NetworkPatches.removeHelpers(net, false, true, false);
        if (!ws.equals("default")) {
            WorkspaceMode m = WorkspaceMode.valueOf(ws);
            net.getLayerWiseConfigurations().setTrainingWorkspaceMode(m);
            net.getLayerWiseConfigurations().setInferenceWorkspaceMode(m);
        }
        INDArray x = what.equals("dense") ? Nd4j.rand(DataType.FLOAT, batch, 784) : (nhwc ? Nd4j.rand(DataType.FLOAT, batch, 28, 28, 1) : Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28));
        INDArray y = labels(batch);
        if (!Arrays.asList(args).contains("sameupdate") && !Arrays.asList(args).contains("curve")) {
            layers(net, x, steps, batch);
            System.exit(0);
        }
        describe(net);
        // warm-up
        for (int i = 0; i < 5; i++) {
            net.output(x, false);
            net.fit(x, y);
        }
        if (Arrays.asList(args).contains("sameupdate")) { // ViewUpdaters: same parameters as DL4J's own updater after N steps
            MultiLayerNetwork stock = new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
            stock.init(net.params().dup(), false);
            fr.carnets.dl.runtime.onednn.NetworkPatches.install(stock);
            stockUpdater(stock);
            MultiLayerNetwork ours = new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
            ours.init(net.params().dup(), false);
            fr.carnets.dl.runtime.onednn.NetworkPatches.install(ours);
            INDArray xs = x.dup(), ys = y.dup();
            for (int i = 0; i < steps; i++) {
                Nd4j.getRandom().setSeed(1000 + i); // same dropout masks on both sides
                stock.fit(xs, ys);
                Nd4j.getRandom().setSeed(1000 + i);
                ours.fit(xs, ys);
            }
            System.out.println("updater " + ours.getUpdater().getClass().getSimpleName() + " vs " + stock.getUpdater().getClass().getSimpleName()
                    + ": params max diff " + stock.params().sub(ours.params()).amaxNumber() + ", state max diff "
                    + stock.getUpdater().getStateViewArray().sub(ours.getUpdater().getStateViewArray()).amaxNumber()
                    + ", moved " + stock.params().sub(net.params()).amaxNumber());
            System.exit(0);
        }
        if (Arrays.asList(args).contains("curve")) { // warm-up curve: mean ms per fit step, per block of 100 steps
            StringBuilder sb = new StringBuilder("fit ms/step per 100 steps:");
            for (int b = 0; b < steps / 100; b++) {
                long s = System.nanoTime();
                for (int i = 0; i < 100; i++) net.fit(x, y);
                sb.append(String.format(" %.2f", (System.nanoTime() - s) / 1e8));
            }
            System.out.println(sb);
        }
        System.exit(0);
    }

    static INDArray labels(int batch) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) y.putScalar(i, i % 10, 1f);
        return y;
    }

    /** The path of every layer, and the helper each batch normalization layer runs. */
    static void describe(org.deeplearning4j.nn.api.Model net) {
        System.out.println(fr.carnets.dl.runtime.onednn.OneDnn.describe());
        System.out.println("OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + " maxThreads=" + Nd4j.getEnvironment().maxThreads());
        for (String line : fr.carnets.dl.runtime.onednn.NetworkPatches.describeLayers(net)) System.out.println("  " + line);
        var layers = net instanceof MultiLayerNetwork m ? m.getLayers() : ((org.deeplearning4j.nn.graph.ComputationGraph) net).getLayers();
        for (var l : layers) {
            if (l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization b) {
                System.out.println("  " + b.conf().getLayer().getLayerName() + " helper: " + (b.getHelper() == null ? "none (DL4J's Java code)"
                        : b.getHelper().getClass().getName()));
            }
        }
    }

    /** bn=dl4j: DL4J's own batch normalization helper instead of ours; bn=none: no helper (DL4J's Java code). */
    static void batchNorm(org.deeplearning4j.nn.api.Model net, String[] args) {
        if (Arrays.asList(args).contains("bn=dl4j")) fr.carnets.dl.runtime.onednn.NetworkPatches.dl4jBatchNormHelpers(net);
        if (Arrays.asList(args).contains("bn=none")) fr.carnets.dl.runtime.onednn.NetworkPatches.removeHelpers(net, false, false, true);
    }

    /** Whole steps, then each layer alone, forward and backward (training mode), of a MultiLayerNetwork. */
    static void layers(MultiLayerNetwork net, INDArray x, int steps, int batch) {
        describe(net);
        INDArray y = labels(batch);
        for (int i = 0; i < 5; i++) { // warm-up
            net.output(x, false);
            net.fit(x, y);
        }
        System.out.printf("forward (output, inference)   %8.1f ms%n", time(steps, () -> net.output(x, false)));
        fr.carnets.dl.runtime.onednn.Profiling.convBackward = 0; fr.carnets.dl.runtime.onednn.Profiling.convBackwardPrep = 0;
        System.out.printf("fit (forward+backward+adam)   %8.1f ms%n", time(steps, () -> net.fit(x, y)));
        System.out.println("  per step: " + fr.carnets.dl.runtime.onednn.Profiling.text() + " / " + steps);
        System.out.printf("API step (output + fit)       %8.1f ms%n", time(steps, () -> {
            net.output(x, false);
            net.fit(x, y);
        }));
        // per-layer forward, training mode
        INDArray in = x;
        for (int l = 0; l < net.getnLayers(); l++) {
            final INDArray cur = net.getLayerWiseConfigurations().getInputPreProcess(l) != null
                    ? net.getLayerWiseConfigurations().getInputPreProcess(l).preProcess(in, batch, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces())
                    : in;
            final int li = l;
            double ms = time(steps, () -> net.getLayer(li).activate(cur, true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
            in = net.getLayer(l).activate(cur, true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
            // backward of this layer alone, for an epsilon of its output's shape (the output layer needs labels: skipped)
            String back = "";
            if (l < net.getnLayers() - 1) {
                final INDArray eps = Nd4j.rand(DataType.FLOAT, in.shape());
                final org.deeplearning4j.nn.api.Layer layer = net.getLayer(li);
                double bms = time(steps, () -> {
                    layer.activate(cur, true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
                    layer.backpropGradient(eps, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
                }) - ms;
                back = String.format("  backward %8.1f ms", bms);
            }
            System.out.printf("  layer %d %-22s forward %8.1f ms%s  out %s%n", l, net.getLayer(l).getClass().getSimpleName(), ms, back,
                    Arrays.toString(in.shape()));
        }
    }

    /** The same for a ComputationGraph: whole steps, then each layer vertex alone on its input from a training forward pass. */
    static void graph(org.deeplearning4j.nn.graph.ComputationGraph g, int steps, int batch) {
        describe(g);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28), y = labels(batch);
        for (int i = 0; i < 5; i++) {
            g.output(false, x);
            g.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        System.out.printf("forward (output, inference)   %8.1f ms%n", time(steps, () -> g.output(false, x)));
        System.out.printf("fit (forward+backward+adam)   %8.1f ms%n", time(steps, () -> g.fit(new INDArray[] {x}, new INDArray[] {y})));
        var acts = g.feedForward(new INDArray[] {x}, true, false);
        var ws = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        for (var v : g.getVertices()) {
            if (!v.hasLayer() && !v.isInputVertex()) { // merge vertices (add...): forward, then forward + backward
                var from = g.getConfiguration().getVertexInputs().get(v.getVertexName());
                INDArray[] ins = from.stream().map(acts::get).toArray(INDArray[]::new);
                double ms = time(steps, () -> {
                    v.setInputs(ins);
                    v.doForward(true, ws);
                });
                final INDArray eps = Nd4j.rand(DataType.FLOAT, ins[0].shape());
                double bms = time(steps, () -> {
                    v.setInputs(ins);
                    v.doForward(true, ws);
                    v.setEpsilon(eps);
                    v.doBackward(false, ws);
                }) - ms;
                System.out.printf("  %-10s %-22s forward %8.1f ms  backward %8.1f ms%n", v.getVertexName(), v.getClass().getSimpleName(), ms, bms);
            }
            if (!v.hasLayer() || v.getLayer() instanceof org.deeplearning4j.nn.api.layers.IOutputLayer) continue;
            String from = g.getConfiguration().getVertexInputs().get(v.getVertexName()).get(0);
            INDArray in = acts.get(from);
            var pre = v instanceof org.deeplearning4j.nn.graph.vertex.impl.LayerVertex lv ? lv.getLayerPreProcessor() : null;
            final INDArray cur = pre == null ? in : pre.preProcess(in, batch, ws);
            var layer = v.getLayer();
            double ms = time(steps, () -> layer.activate(cur, true, ws));
            final INDArray eps = Nd4j.rand(DataType.FLOAT, layer.activate(cur, true, ws).shape());
            double bms = time(steps, () -> {
                layer.activate(cur, true, ws);
                layer.backpropGradient(eps, ws);
            }) - ms;
            System.out.printf("  %-10s %-22s forward %8.1f ms  backward %8.1f ms  out %s%n", v.getVertexName(), layer.getClass().getSimpleName(), ms,
                    bms, Arrays.toString(eps.shape()));
        }
    }

    /** The same convnet written directly in DL4J, in the given image layout. */
    static MultiLayerNetwork rawConvnet(CNN2DFormat f) {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(42).updater(new org.nd4j.linalg.learning.config.Adam(1e-3)).dataType(DataType.FLOAT)
                .weightInit(org.deeplearning4j.nn.weights.WeightInit.XAVIER_UNIFORM).list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(32).dataFormat(f)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.SubsamplingLayer.Builder(
                        org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dataFormat(f).build())
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(64).dataFormat(f)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.SubsamplingLayer.Builder(
                        org.deeplearning4j.nn.conf.layers.SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dataFormat(f).build())
                .layer(new org.deeplearning4j.nn.conf.layers.DropoutLayer.Builder(0.5).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT)
                        .nOut(10).activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(28, 28, 1, f)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    /** clock=cpu: the calling thread's CPU time instead of wall time (with OMP_NUM_THREADS=1 all native work runs on it; steadier on a busy machine). */
    static boolean cpuClock;
    static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

    static long now() {
        return cpuClock ? MX.getCurrentThreadCpuTime() : System.nanoTime();
    }

    static double time(int steps, Runnable r) {
        double[] t = new double[steps];
        for (int i = 0; i < steps; i++) {
            long s = now();
            r.run();
            t[i] = (now() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[steps / 2];
    }

    /**
     * DL4J's own updater back in place of ViewUpdaters (same state), to measure what it costs. The
     * runtime layers keep the weight version of the removed updater, which no longer moves: their
     * forward result is then reused within a step as before, which is all a plain fit needs.
     */
    static void stockUpdater(MultiLayerNetwork net) {
        net.setUpdater(new org.deeplearning4j.nn.updater.MultiLayerUpdater(net, net.getUpdater().getStateViewArray()));
    }
}
