package fr.carnets.plot;

import java.util.Map;
import java.util.Set;

import org.dflib.jjava.jupyter.kernel.display.DisplayDataRenderable;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * An object shown in a notebook as HTML (a table, a verdict), with its {@code toString()} as the
 * plain-text form for front ends that read text only. The counterpart of {@link Plotted} for
 * objects that are read rather than looked at.
 */
public interface ShownAsHtml extends DisplayDataRenderable {
    Set<MIMEType> TYPES = Set.of(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN);

    /** The HTML shown in the notebook. */
    String toHtml();

    /**
     * Machine-readable forms sent next to the HTML, by MIME type (each a JSON object), for tools
     * that read executed notebooks (the grader reads a check's verdict); none by default.
     */
    default Map<String, Object> data() {
        return Map.of();
    }

    @Override
    default Set<MIMEType> getSupportedRenderTypes() {
        return TYPES;
    }

    @Override
    default void render(RenderContext context) {
        context.renderIfRequested(MIMEType.TEXT_HTML, this::toHtml);
        context.renderIfRequested(MIMEType.TEXT_PLAIN, this::toString);
        data().forEach((mime, value) -> context.getOutputContainer().putData(mime, value));
    }
}
