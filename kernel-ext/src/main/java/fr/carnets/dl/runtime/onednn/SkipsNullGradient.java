package fr.carnets.dl.runtime.onednn;

/**
 * An input preprocessor whose backward pass passes a null gradient through: a layer below which
 * nothing reads the input gradient may then skip computing it (DL4J's own preprocessors would fail).
 */
public interface SkipsNullGradient {}
