package fr.carnets.ext;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import fr.carnets.magics.CarnetsMagic;

/**
 * A Carnets magic as registered in the kernel: it runs, and it describes itself. The Carnets
 * kernel finds {@link #complete} and {@link #inspect} by name (this jar never sees the kernel's
 * classes, see its DescribedMagics); a stock JJava kernel only runs the magic.
 */
public final class RegisteredMagic implements LineMagic<Object, BaseKernel> {
    private final CarnetsMagic magic;

    RegisteredMagic(CarnetsMagic magic) {
        this.magic = magic;
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args) {
        return magic.run(new KernelSession(kernel), args);
    }

    /** Completions of the word being typed at the end of {@code args}. */
    public List<String> complete(String args, Function<Predicate<Object>, List<String>> variables) {
        return magic.complete(args, variables);
    }

    /** Help and the Java this line stands for. */
    public String inspect(List<String> words) {
        return magic.inspect(words);
    }
}
