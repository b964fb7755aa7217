package fr.carnets.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * The one HTML writer of the extension: {@link #escape} for text, and a table builder used by
 * every hand-built table (summary, history, cross-validation, Tablesaw tables). Text is always
 * escaped; styles are left to the caller so the notebook's theme keeps its colours.
 */
public final class Html {
    private Html() {}

    /** Text as HTML: {@code & < > "} escaped; null as empty. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** One cell: its text, its inline style (none when null), and whether it is a header cell. */
    public record Cell(String text, String style, boolean header) {
        public static Cell td(Object text) {
            return new Cell(String.valueOf(text), null, false);
        }

        public static Cell th(Object text) {
            return new Cell(String.valueOf(text), null, true);
        }

        public Cell style(String css) {
            return new Cell(text, css, header);
        }

        public Cell right() {
            return style("text-align:right");
        }

        public Cell left() {
            return style("text-align:left");
        }

        void write(StringBuilder b) {
            String tag = header ? "th" : "td";
            b.append('<').append(tag);
            if (style != null) b.append(" style=\"").append(style).append('"');
            b.append('>').append(escape(text)).append("</").append(tag).append('>');
        }
    }

    /** Builds a table; {@link #toString()} gives its HTML. */
    public static Table table(String attributes) {
        return new Table(attributes);
    }

    public static final class Table {
        private final String attributes;
        private String caption;
        private String captionStyle;
        private List<Cell> head;
        private final List<String> rowStyles = new ArrayList<>();
        private final List<List<Cell>> rows = new ArrayList<>();
        private String foot;
        private int footSpan;

        private Table(String attributes) {
            this.attributes = attributes;
        }

        public Table caption(String text, String style) {
            this.caption = text;
            this.captionStyle = style;
            return this;
        }

        public Table head(List<Cell> cells) {
            this.head = List.copyOf(cells);
            return this;
        }

        public Table row(List<Cell> cells) {
            return row(null, cells);
        }

        /** A body row with its own style (none when null). */
        public Table row(String style, List<Cell> cells) {
            rowStyles.add(style);
            rows.add(List.copyOf(cells));
            return this;
        }

        /** A footer line spanning {@code span} columns. */
        public Table foot(String text, int span) {
            this.foot = text;
            this.footSpan = span;
            return this;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("<table");
            if (attributes != null && !attributes.isEmpty()) b.append(' ').append(attributes);
            b.append('>');
            if (caption != null) {
                b.append("<caption").append(captionStyle == null ? "" : " style=\"" + captionStyle + "\"").append('>')
                        .append(escape(caption)).append("</caption>");
            }
            if (head != null) {
                b.append("<thead><tr>");
                head.forEach(c -> c.write(b));
                b.append("</tr></thead>");
            }
            b.append("<tbody>");
            for (int r = 0; r < rows.size(); r++) {
                String style = rowStyles.get(r);
                b.append("<tr").append(style == null ? "" : " style=\"" + style + "\"").append('>');
                rows.get(r).forEach(c -> c.write(b));
                b.append("</tr>");
            }
            b.append("</tbody>");
            if (foot != null) {
                b.append("<tfoot><tr><td colspan=\"").append(footSpan).append("\">").append(escape(foot)).append("</td></tr></tfoot>");
            }
            return b.append("</table>").toString();
        }
    }
}
