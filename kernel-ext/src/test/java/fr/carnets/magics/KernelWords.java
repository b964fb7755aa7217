package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;

/**
 * What a kernel hands a line magic: the line split like a shell (spaces separate, double quotes
 * group and are removed, backslash escapes a quote). Both our kernel and JJava's split this way;
 * the tests write magic lines as a learner types them and pass them through here.
 */
final class KernelWords {
    private KernelWords() {}

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cur.append('"');
                i++;
                inWord = true;
            } else if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inWord) out.add(cur.toString());
                cur.setLength(0);
                inWord = false;
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quoted) throw new IllegalArgumentException("guillemet non fermé : " + line);
        if (inWord) out.add(cur.toString());
        return out;
    }
}
