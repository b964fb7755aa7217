package fr.carnets.plot;

import org.dflib.jjava.jupyter.kernel.display.DisplayDataRenderable;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

import java.util.Set;

/** An object shown in a notebook as its figure: the figure is drawn once, when rendered. */
public interface Plotted extends DisplayDataRenderable {

    /** What wide figures offer (Figure.renderFitted): HTML that fits the page, the PNG, text. */
    Set<MIMEType> FITTED = Set.of(MIMEType.TEXT_HTML, MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN);

    /** The figure that shows this object. */
    Figure figure();

    @Override
    default Set<MIMEType> getSupportedRenderTypes() {
        return Figure.TYPES;
    }

    @Override
    default void render(RenderContext context) {
        figure().render(context);
    }
}
