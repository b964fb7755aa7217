package fr.carnets.kernel.vars;

/** Describes the values of some types for %vars, or returns null. */
interface VariableInspector {

    VariableInfo describe(Object value);
}
