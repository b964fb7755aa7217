package fr.carnets.ext;

import java.util.TreeSet;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

import fr.carnets.magics.Session;

/** A {@link Session} over a JJava kernel: {@code evalRaw}, its IO, its renderer and its magics registry. */
final class KernelSession implements Session {
    private final BaseKernel kernel;

    KernelSession(BaseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Object eval(String java) {
        return kernel.evalRaw(java);
    }

    @Override
    public void print(String text) {
        kernel.getIO().out.println(text);
        kernel.getIO().out.flush();
    }

    @Override
    public void display(Object value) {
        if (value != null) kernel.display(kernel.getRenderer().render(value));
    }

    @Override
    public java.util.Set<String> magicNames() {
        TreeSet<String> names = new TreeSet<>();
        kernel.getMagicsRegistry().getLineMagicNames().forEach(n -> names.add("%" + n));
        kernel.getMagicsRegistry().getCellMagicNames().forEach(n -> names.add("%%" + n));
        return names;
    }
}
