package io.quanyu.fakes.wechat;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the small XML documents the developer answers with (passive replies and their encrypted envelope) into a flat
 * map: {@code Content}, {@code Image.MediaId}, {@code Articles.item.Title}, {@code Articles.item[1].Title}... DTDs are
 * refused.
 */
final class Xml {

    private Xml() {
    }

    static Map<String, String> fields(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            Map<String, String> out = new LinkedHashMap<>();
            flatten(document.getDocumentElement(), "", out);
            return out;
        } catch (Exception e) {
            throw new IllegalArgumentException("not XML: " + e.getMessage(), e);
        }
    }

    private static void flatten(Element parent, String prefix, Map<String, String> out) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element element)) {
                continue;
            }
            String key = prefix + element.getTagName();
            for (int index = 1; out.containsKey(key) || hasChildrenUnder(out, key); index++) {
                key = prefix + element.getTagName() + "[" + index + "]";
            }
            if (hasElementChildren(element)) {
                flatten(element, key + ".", out);
            } else {
                out.put(key, element.getTextContent());
            }
        }
    }

    private static boolean hasChildrenUnder(Map<String, String> out, String key) {
        return out.keySet().stream().anyMatch(existing -> existing.startsWith(key + "."));
    }

    private static boolean hasElementChildren(Element element) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element) {
                return true;
            }
        }
        return false;
    }
}
