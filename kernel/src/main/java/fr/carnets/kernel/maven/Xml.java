package fr.carnets.kernel.maven;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The few DOM reads that settings.xml and %%pom need (no entity expansion, no stderr noise). */
final class Xml {
    private Xml() {}

    /** Errors become exceptions only (the default handler also prints "[Fatal Error]" on stderr). */
    private static final org.xml.sax.ErrorHandler QUIET = new org.xml.sax.helpers.DefaultHandler() {
        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
            throw e;
        }
    };

    static Element root(InputStream in) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        DocumentBuilder builder = f.newDocumentBuilder();
        builder.setErrorHandler(QUIET);
        return builder.parse(in).getDocumentElement();
    }

    static Element root(String xml) throws Exception {
        return root(new ByteArrayInputStream(xml.strip().getBytes(StandardCharsets.UTF_8)));
    }

    static String name(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    /** The first child element called {@code name}, or null (also for a null parent). */
    static Element child(Element parent, String name) {
        for (Element e : children(parent)) {
            if (name.equals(name(e))) {
                return e;
            }
        }
        return null;
    }

    /** The child elements, in order; none for a null parent. */
    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The child elements called {@code name}. */
    static List<Element> children(Element parent, String name) {
        return children(parent).stream().filter(e -> name.equals(name(e))).toList();
    }

    /** The stripped text of the child called {@code name}, or null. */
    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
