package fr.carnets.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The inputs of this kernel session, answered to history requests (session number 0 means "this one"). */
final class SessionHistory implements HistoryManager {

    private static final int SESSION = 1;
    private final List<HistoryEntry> entries = new ArrayList<>();

    synchronized void record(int executionCount, String code) {
        entries.add(new HistoryEntry(SESSION, executionCount, code, null));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = Math.max(0, entries.size() - Math.max(0, length));
        return new ArrayList<>(entries.subList(from, entries.size()));
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int sessionOffset, int startCell, int endCell, Set<ResultFlag> flags) {
        List<HistoryEntry> out = new ArrayList<>();
        if (sessionOffset != 0 && sessionOffset != SESSION) {
            return out;
        }
        for (HistoryEntry e : entries) {
            if (e.getCellNumber() >= startCell && (endCell <= 0 || e.getCellNumber() < endCell)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        // Jupyter's history patterns are globs: * any run, ? one character.
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        Pattern p = Pattern.compile(regex.toString(), Pattern.DOTALL);
        List<HistoryEntry> matches = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            HistoryEntry e = entries.get(i);
            if (p.matcher(e.getInput()).matches() && (!flags.contains(ResultFlag.UNIQUE) || seen.add(e.getInput()))) {
                matches.add(0, e);
                if (length > 0 && matches.size() >= length) {
                    break;
                }
            }
        }
        return matches;
    }
}
