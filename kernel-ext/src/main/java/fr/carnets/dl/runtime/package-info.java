/**
 * How DL4J runs our models: native threads and oneDNN settings ({@link fr.carnets.dl.runtime.Performance}),
 * the image layout, and under {@code onednn} every patch to DL4J. The only code that reaches into
 * DL4J's internals; uses no model, layer or training class of ours.
 */
package fr.carnets.dl.runtime;
