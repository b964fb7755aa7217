package fr.carnets.plot;

import org.dflib.jjava.jupyter.kernel.display.DisplayDataRenderable;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

import java.util.Set;

/** An object shown in a notebook as its figure: the figure is drawn once, when rendered. */
public interface Plotted extends DisplayDataRenderable {

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
