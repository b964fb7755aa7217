package fr.carnets.kernel.exec;

import fr.carnets.kernel.magic.CellParts;
import jdk.jshell.Diag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Code that does not compile, described in French with the cell line it points at. */
public final class CompilationError extends RuntimeException {

    private final List<String> report;
    private final int line;

    private CompilationError(String headline, List<String> report, int line) {
        super(headline, null, false, false);
        this.report = report;
        this.line = line;
    }

    /** The French report, one string per line: headline, the code line, a caret, javac's detail. */
    public List<String> report() {
        return report;
    }

    /** 1-based line in the cell of the first error. */
    public int line() {
        return line;
    }

    static CompilationError of(List<Diag> diags, String src, String cell, int offset) {
        return of(diags, src, cell, offset, null);
    }

    /** @param advice a French line added after javac's detail (what to do), or null */
    static CompilationError of(List<Diag> diags, String src, String cell, int offset, String advice) {
        List<String> lines = new ArrayList<>();
        String headline = null;
        int firstLine = -1;
        for (Diag d : diags) {
            if (!d.isError()) {
                continue;
            }
            long pos = d.getPosition() >= 0 ? d.getPosition() : Math.max(0, d.getStartPosition());
            int cellPos = (int) Math.min(offset + pos, cell.length());
            int line = CellParts.lineOf(cell, cellPos);
            String title = "Erreur de compilation, ligne " + line + " : " + FrenchDiagnostics.headline(d.getCode(), d.getMessage(Locale.ROOT));
            if (headline == null) {
                headline = title;
                firstLine = line;
            }
            lines.add(title);
            int lineStart = cell.lastIndexOf('\n', Math.max(0, cellPos - 1)) + 1;
            if (cellPos > 0 && cellPos <= cell.length() && cell.charAt(cellPos - 1) == '\n') {
                lineStart = cellPos;
            }
            int lineEnd = cell.indexOf('\n', lineStart);
            String code = cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd);
            String gutter = String.format("%4d | ", line);
            lines.add(gutter + code);
            lines.add(" ".repeat(gutter.length() - 2) + "| " + " ".repeat(Math.max(0, cellPos - lineStart)) + "^");
            for (String detail : d.getMessage(Locale.ROOT).split("\\R")) {
                lines.add("       " + detail);
            }
        }
        if (headline == null) {
            headline = "Erreur de compilation : ce code n'est pas du Java valide.";
            firstLine = CellParts.lineOf(cell, offset);
            lines.add(headline);
        }
        if (advice != null) {
            lines.add(advice);
        }
        return new CompilationError(headline, lines, firstLine);
    }
}
