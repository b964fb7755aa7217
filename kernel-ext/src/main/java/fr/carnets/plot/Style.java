package fr.carnets.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.Locale;

import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The one look of every Carnets figure.
 *
 * <p>Choice: an <b>opaque white background with near-black text</b>. JupyterLab shows images as
 * they are in both its light and dark themes (it does not invert them), so an opaque figure reads
 * the same everywhere, and digits drawn black on white (like the Keras tutorials'
 * {@code cmap=binary}) stay legible. A transparent background would need colours readable on both
 * white and near-black at once, which rules out dark text, light grid lines and the greyscale
 * images this course is full of. Series colours come from the Okabe–Ito palette (distinguishable
 * with the common colour-vision deficiencies).
 */
public final class Style {
    private Style() {}

    public static final Color BACKGROUND = Color.WHITE;
    public static final Color TEXT = new Color(0x1F, 0x23, 0x28);
    public static final Color MUTED = new Color(0x57, 0x60, 0x6A);
    public static final Color GRID = new Color(0xD8, 0xDE, 0xE4);
    public static final Color BORDER = new Color(0xB0, 0xB8, 0xC0);
    /** Mistakes in image grids. */
    public static final Color ERROR = new Color(0xC6, 0x28, 0x28);
    public static final Color OK = new Color(0x1A, 0x7F, 0x37);

    /** Okabe–Ito, without its yellow (too pale on white). */
    public static final Color[] SERIES = {
        new Color(0x00, 0x72, 0xB2), // blue
        new Color(0xE6, 0x9F, 0x00), // orange
        new Color(0x00, 0x9E, 0x73), // green
        new Color(0xD5, 0x5E, 0x00), // vermillion
        new Color(0xCC, 0x79, 0xA7), // purple
        new Color(0x56, 0xB4, 0xE9), // sky blue
        new Color(0x00, 0x00, 0x00),
    };

    /** French number formatting on axes (decimal comma). */
    public static final Locale LOCALE = Locale.FRANCE;

    private static final String FAMILY = pickFamily();

    private static String pickFamily() {
        try {
            String[] names = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
            for (String wanted : new String[] {"DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"}) {
                if (Arrays.asList(names).contains(wanted)) return wanted;
            }
        } catch (Throwable e) {
            // no fonts configured: Java's logical font still works
        }
        return Font.SANS_SERIF;
    }

    public static Font font(int style, float size) {
        return new Font(FAMILY, style, Math.round(size));
    }

    public static Font title() {
        return font(Font.BOLD, 15);
    }

    public static Font label() {
        return font(Font.PLAIN, 12);
    }

    public static Font small() {
        return font(Font.PLAIN, 11);
    }

    public static Color series(int i) {
        return SERIES[Math.floorMod(i, SERIES.length)];
    }

    /** Applies the Carnets look to any XChart chart (after which callers may still adjust it). */
    public static <C extends Chart<?, ?>> C apply(C chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(BACKGROUND);
        s.setChartFontColor(TEXT);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(title());
        s.setLegendFont(small());
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setLegendBorderColor(GRID);
        s.setPlotBackgroundColor(BACKGROUND);
        s.setPlotBorderColor(BORDER);
        s.setSeriesColors(SERIES);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        s.setChartPadding(8);
        if (s instanceof AxesChartStyler a) {
            a.setLocale(LOCALE);
            a.setAxisTitleFont(label());
            a.setAxisTickLabelsFont(small());
            a.setAxisTickLabelsColor(TEXT);
            a.setAxisTickMarksColor(MUTED);
            a.setPlotGridLinesColor(GRID);
            a.setPlotGridLinesStroke(new BasicStroke(1f));
            a.setPlotMargin(4);
        }
        return chart;
    }
}
