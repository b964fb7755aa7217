package fr.carnets.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/** Splits magic arguments like a shell: spaces separate, double quotes group, backslash escapes. */
public final class MagicArgs {

    private MagicArgs() {
    }

    public static List<String> split(String raw) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean inToken = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && (raw.charAt(i + 1) == '"' || raw.charAt(i + 1) == '\\')) {
                cur.append(raw.charAt(++i));
                inToken = true;
            } else if (c == '"') {
                quoted = !quoted;
                inToken = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("Guillemet non fermé dans les arguments : " + raw.strip());
        }
        if (inToken) {
            out.add(cur.toString());
        }
        return out;
    }
}
