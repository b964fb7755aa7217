package fr.carnets.kernel.exec;

import java.util.regex.Pattern;

/**
 * Recognises, from its text alone, a snippet that is a plain statement: a call, an assignment, an
 * increment, or a control statement (if, for, while...). Such snippets declare nothing, so several
 * can run as one block without changing what the session holds.
 *
 * <p>Conservative on purpose: whatever it does not recognise (declarations, annotations, generic
 * calls, {@code new ...}) is evaluated alone, as JShell would. A recognised text that is not a
 * valid statement only costs a failed compile: the caller then evaluates one by one.
 */
final class PlainStatement {

    private static final String NAME = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
    /** A name, then indexes and dotted names: a, a.b, a[i].b, System . out. */
    private static final String CHAIN = NAME + "(\\s*\\[[^\\[\\]]+\\])*(\\s*\\.\\s*" + NAME + "(\\s*\\[[^\\[\\]]+\\])*)*";
    private static final Pattern STATEMENT = Pattern.compile(
            "(?:(?:if|for|while|do|switch|try|throw|synchronized)(?![\\p{L}\\p{N}_$])"
                    + "|" + CHAIN + "\\s*(?:\\(|=(?!=)|(?:[-+*/%&|^]|<<|>>>?)=|\\+\\+|--)"
                    + "|(?:\\+\\+|--)\\s*" + NAME + ")");
    /** Java keywords that can start a chain-looking text but never a call or an assignment. */
    private static final Pattern DECLARATION_WORD = Pattern.compile(
            "(?:var|new|return|yield|record|class|interface|enum|import|package|final|static|abstract|public|private|protected"
                    + "|void|boolean|byte|char|short|int|long|float|double|sealed|non-sealed)(?![\\p{L}\\p{N}_$]).*",
            Pattern.DOTALL);

    private PlainStatement() {
    }

    static boolean is(String snippet) {
        String s = withoutLeadingComments(snippet);
        return !DECLARATION_WORD.matcher(s).matches() && STATEMENT.matcher(s).lookingAt();
    }

    private static String withoutLeadingComments(String snippet) {
        String s = snippet.stripLeading();
        while (true) {
            if (s.startsWith("//")) {
                int nl = s.indexOf('\n');
                s = nl < 0 ? "" : s.substring(nl + 1).stripLeading();
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).stripLeading();
            } else {
                return s;
            }
        }
    }
}
