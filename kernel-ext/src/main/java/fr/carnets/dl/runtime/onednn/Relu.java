package fr.carnets.dl.runtime.onednn;

import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;

/** ReLU's backward pass read from the ReLU's output (dst), on activations of one layout. */
final class Relu {
    private Relu() {}

    static eltwise_backward backward(memory.desc md) {
        var eng = OneDnn.engine();
        var alg = algorithm.eltwise_relu_use_dst_for_bwd;
        var hint = new eltwise_forward.primitive_desc(eng, prop_kind.forward_training, alg, md, md, 0f, 0f);
        return new eltwise_backward(new eltwise_backward.primitive_desc(eng, alg, md, md, md, 0f, 0f, hint));
    }
}
