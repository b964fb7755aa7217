package fr.carnets.dl.runtime.onednn;

import org.nd4j.linalg.activations.IActivation;

/** An activation that computes another one differently (same values): the runtime layers look through it. */
public interface WrappedActivation {
    IActivation inner();
}
