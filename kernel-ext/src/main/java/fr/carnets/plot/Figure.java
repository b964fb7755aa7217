package fr.carnets.plot;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.dflib.jjava.jupyter.kernel.display.DisplayDataRenderable;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;

/**
 * A figure: one or more panels (XChart charts or drawings of ours) on a grid, with an optional
 * title. Returned from a cell it shows as PNG with an SVG alternative in the same display bundle
 * (JupyterLab picks SVG in trusted notebooks, PNG elsewhere, e.g. in exported HTML).
 *
 * <pre>
 * Figure f = Plots.curves(history);
 * f.save("courbes.png");          // or .svg
 * f.chart(0).getStyler().setYAxisMax(1.0);   // XChart underneath, to adjust
 * </pre>
 */
public class Figure implements DisplayDataRenderable {

    /** Something that draws itself into a rectangle at the origin of {@code g}. */
    @FunctionalInterface
    public interface Panel {
        void paint(Graphics2D g, int width, int height);
    }

    static final MIMEType PNG = MIMEType.IMAGE_PNG;
    static final MIMEType SVG = MIMEType.IMAGE_SVG;
    static final Set<MIMEType> TYPES = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of(PNG, SVG, MIMEType.TEXT_PLAIN)));
    private static final int TITLE_HEIGHT = 30;

    private final List<Panel> panels = new ArrayList<>();
    private final List<Chart<?, ?>> charts = new ArrayList<>();
    private final int columns;
    private final int panelWidth;
    private final int panelHeight;
    private String title;
    /** PNG pixels per figure unit: 2 gives sharp images on high-density screens. */
    private double pngScale = 2.0;

    public Figure(int columns, int panelWidth, int panelHeight) {
        if (columns < 1 || panelWidth < 1 || panelHeight < 1) {
            throw new IllegalArgumentException("Figure : colonnes et tailles doivent être positives.");
        }
        this.columns = columns;
        this.panelWidth = panelWidth;
        this.panelHeight = panelHeight;
    }

    /** A figure of one XChart chart, at the chart's own size. */
    public static Figure of(Chart<?, ?> chart) {
        Figure f = new Figure(1, chart.getWidth(), chart.getHeight());
        return f.add(chart);
    }

    public Figure add(Chart<?, ?> chart) {
        charts.add(chart);
        panels.add(chart::paint);
        return this;
    }

    public Figure add(Panel panel) {
        panels.add(panel);
        return this;
    }

    public Figure title(String title) {
        this.title = title;
        return this;
    }

    public String title() {
        return title;
    }

    public Figure pngScale(double scale) {
        if (!(scale > 0 && scale <= 4)) throw new IllegalArgumentException("pngScale entre 0 et 4");
        this.pngScale = scale;
        return this;
    }

    /** The XChart charts of this figure, in panel order (drawings of ours are not charts). */
    public List<Chart<?, ?>> charts() {
        return Collections.unmodifiableList(charts);
    }

    public Chart<?, ?> chart(int i) {
        return charts.get(i);
    }

    public int panelCount() {
        return panels.size();
    }

    public int width() {
        return columns() * panelWidth;
    }

    public int height() {
        return (title != null ? TITLE_HEIGHT : 0) + rows() * panelHeight;
    }

    private int columns() {
        return Math.max(1, Math.min(columns, panels.size()));
    }

    private int rows() {
        return Math.max(1, (panels.size() + columns - 1) / columns);
    }

    /** Draws the whole figure (background, title, panels) into {@code g}. */
    public void paint(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(Style.BACKGROUND);
        g.fillRect(0, 0, width(), height());
        int top = 0;
        if (title != null) {
            g.setColor(Style.TEXT);
            Font font = Style.title();
            g.setFont(font);
            // Shrink a long title until it fits the figure.
            while (g.getFontMetrics().stringWidth(title) > width() - 8 && font.getSize() > 9) {
                font = font.deriveFont((float) font.getSize() - 1);
                g.setFont(font);
            }
            int tw = g.getFontMetrics().stringWidth(title);
            g.drawString(title, Math.max(4, (width() - tw) / 2), 21);
            top = TITLE_HEIGHT;
        }
        for (int i = 0; i < panels.size(); i++) {
            int x = (i % columns) * panelWidth;
            int y = top + (i / columns) * panelHeight;
            Graphics2D sub = (Graphics2D) g.create(x, y, panelWidth, panelHeight);
            try {
                panels.get(i).paint(sub, panelWidth, panelHeight);
            } finally {
                sub.dispose();
            }
        }
    }

    public BufferedImage toImage() {
        int w = (int) Math.round(width() * pngScale);
        int h = (int) Math.round(height() * pngScale);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(pngScale, pngScale);
            paint(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    public byte[] toPng() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(toImage(), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String toSvg() {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width(), height())).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes PNG or SVG according to the file's extension (.png, .svg). */
    public Path save(String file) {
        Path p = Paths.get(file);
        String name = p.getFileName().toString().toLowerCase();
        try {
            if (name.endsWith(".svg")) {
                Files.writeString(p, toSvg(), StandardCharsets.UTF_8);
            } else if (name.endsWith(".png")) {
                Files.write(p, toPng());
            } else {
                throw new IllegalArgumentException("Extension inconnue pour « " + file + " » : utilisez .png ou .svg.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Impossible d'écrire " + p.toAbsolutePath() + " : " + e.getMessage(), e);
        }
        return p;
    }

    @Override
    public Set<MIMEType> getSupportedRenderTypes() {
        return TYPES;
    }

    @Override
    public void render(RenderContext context) {
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("width", width());
        size.put("height", height());
        context.renderIfRequested(PNG, (type, out) ->
                out.putData(type, Base64.getEncoder().encodeToString(toPng()), size));
        context.renderIfRequested(SVG, (type, out) -> out.putData(type, toSvg()));
        context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> toString());
    }

    /**
     * As {@link #render}, for wide figures (image grids, mosaics): the PNG, and an HTML image of it
     * that shrinks to the notebook's width. Front ends prefer HTML; JupyterLab shows SVG at its own
     * size, so a ten-column grid would overflow a laptop screen with the file browser open.
     */
    void renderFitted(RenderContext context) {
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("width", width());
        size.put("height", height());
        String png = Base64.getEncoder().encodeToString(toPng());
        var out = context.getOutputContainer();
        out.putData(PNG, png, size);
        out.putHTML("<img alt=\"" + Html.escape(title != null ? title : "figure") + "\" width=\"" + width()
                + "\" style=\"max-width:100%;height:auto\" src=\"data:image/png;base64," + png + "\"/>");
        out.putText(toString());
    }

    @Override
    public String toString() {
        return "Figure" + (title != null ? " « " + title + " »" : "") + " : " + panels.size()
                + (panels.size() > 1 ? " panneaux, " : " panneau, ") + width() + "×" + height()
                + " (s'affiche en image dans Jupyter ; save(\"fichier.png\") pour l'enregistrer)";
    }
}
