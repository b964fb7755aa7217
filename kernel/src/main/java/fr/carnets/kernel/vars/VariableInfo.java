package fr.carnets.kernel.vars;

/**
 * How %vars shows a value.
 *
 * @param value short text of the value (never a costly toString of a big object)
 * @param shape e.g. [60000, 784], or empty
 * @param dtype element type, e.g. float, or empty
 * @param bytes approximate memory, or -1 when unknown
 */
record VariableInfo(String value, String shape, String dtype, long bytes) {
}
