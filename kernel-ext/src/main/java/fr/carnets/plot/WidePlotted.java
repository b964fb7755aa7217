package fr.carnets.plot;

import java.util.Set;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * A wide figure (image grids, mosaics) that shrinks to the notebook's width: JupyterLab shows an
 * SVG at its full size, so a ten-column grid overflowed a laptop screen (Figure.renderFitted).
 */
public interface WidePlotted extends Plotted {
    @Override
    default Set<MIMEType> getSupportedRenderTypes() {
        return FITTED;
    }

    @Override
    default void render(RenderContext context) {
        figure().renderFitted(context);
    }
}
