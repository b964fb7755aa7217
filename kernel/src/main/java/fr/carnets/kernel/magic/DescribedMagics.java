package fr.carnets.kernel.magic;

import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The kernel's magics registry, which also keeps each line magic it was given, so that completion
 * and inspect can ask the magic about itself. An extension cannot see the kernel's classes (its jar
 * also loads into a stock JJava kernel), so a magic answers through two public methods of the object
 * it registers, with JDK types only:
 * <ul>
 *   <li>{@code List<String> complete(String args, Function<Predicate<Object>, List<String>> variables)}:
 *       replacements for the word being typed at the end of {@code args} (the line after the magic's
 *       name, up to the cursor; the word is {@link #partialWord}); {@code variables} names the
 *       session's variables whose value passes a test;</li>
 *   <li>{@code String inspect(List<String> words)}: its help and the Java this line stands for.</li>
 * </ul>
 * A magic without them (the kernel's own) completes its name only.
 */
public final class DescribedMagics extends MagicsRegistry {

    private final Map<String, Object> lineMagics = new ConcurrentHashMap<>();

    @Override
    public MagicsRegistry registerLineMagic(String name, LineMagic<?, ?> magic) {
        lineMagics.put(name, magic);
        return super.registerLineMagic(name, magic);
    }

    /** Completions of the word being typed at the end of {@code args}, or none. */
    @SuppressWarnings("unchecked")
    public List<String> complete(String name, String args, Function<Predicate<Object>, List<String>> variables) {
        Object r = call(name, "complete", new Class<?>[] {String.class, Function.class}, args, variables);
        return r instanceof List<?> l ? (List<String>) l : List.of();
    }

    /** What a magic line does (help and Java equivalent), or null when the magic does not say. */
    public String inspect(String name, List<String> words) {
        return call(name, "inspect", new Class<?>[] {List.class}, words) instanceof String s ? s : null;
    }

    /**
     * The word a magic's completions replace: what follows the last space, parenthesis, comma or
     * equals sign ({@code --epo}, {@code re} in {@code Dense(20, re}).
     */
    public static String partialWord(String args) {
        int i = args.length();
        while (i > 0 && "(),=\"".indexOf(args.charAt(i - 1)) < 0 && !Character.isWhitespace(args.charAt(i - 1))) {
            i--;
        }
        return args.substring(i);
    }

    private Object call(String name, String method, Class<?>[] types, Object... args) {
        Object magic = lineMagics.get(name);
        if (magic == null) {
            return null;
        }
        try {
            Method m = magic.getClass().getMethod(method, types);
            return m.invoke(magic, args);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // a magic that does not describe itself
        } catch (InvocationTargetException e) {
            return null; // completion and inspect never fail a request: nothing to offer
        }
    }
}
