package io.quanyu.messaging;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.MapObjectHandler;
import com.github.mustachejava.util.HtmlEscaper;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Renders a template's strings with Mustache (mustache.java), sandboxed: no partials (a template cannot read a file
 * or another template), values looked up in maps only (no method or field of any Java object is reachable), and
 * output escaped for HTML in an e-mail's {@code html} part (where {@code {{{raw}}}} and {@code {{&raw}}} are
 * refused) and left as written everywhere else (subjects, texts, SMS parameters).
 */
final class TemplateRenderer {
    /** The content entry that is HTML. */
    static final String HTML = "html";
    private static final Pattern RAW = Pattern.compile("\\{\\{\\{|\\{\\{\\s*&");
    private static final int MAX_CACHED = 10_000;
    private final Factory html = new Factory(true);
    private final Factory plain = new Factory(false);
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();

    /** Why {@code text} is not a valid template for the entry {@code key}, or null when it is. */
    String problem(String key, String text) {
        if (HTML.equals(key) && RAW.matcher(text).find()) {
            return "unescaped output ({{{...}}} or {{&...}}) is not allowed in html";
        }
        try {
            compile(key, text);
            return null;
        } catch (MustacheException e) {
            return e.getMessage() == null ? "does not compile" : e.getMessage().split("\n", 2)[0];
        }
    }

    /** The content with every string rendered against {@code model}; numbers and booleans stay as they are. */
    Map<String, Object> render(Map<String, Object> content, Map<String, Object> model) {
        Map<String, Object> out = new LinkedHashMap<>();
        content.forEach((key, value) -> out.put(key, value(key, value, model)));
        return out;
    }

    private Object value(String key, Object value, Map<String, Object> model) {
        if (value instanceof String s) {
            StringWriter w = new StringWriter();
            compile(key, s).execute(w, model);
            return w.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), value(key, v, model)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(value(key, v, model)));
            return out;
        }
        return value;
    }

    private Mustache compile(String key, String text) {
        boolean isHtml = HTML.equals(key);
        String cacheKey = (isHtml ? "h:" : "p:") + text;
        Mustache m = compiled.get(cacheKey);
        if (m == null) {
            m = (isHtml ? html : plain).compile(new StringReader(text), "template");
            if (compiled.size() >= MAX_CACHED) {
                compiled.clear();
            }
            compiled.put(cacheKey, m);
        }
        return m;
    }

    private static final class Factory extends DefaultMustacheFactory {
        private final boolean escapeHtml;

        Factory(boolean escapeHtml) {
            this.escapeHtml = escapeHtml;
            setObjectHandler(new MapObjectHandler()); // names are looked up in maps, never on Java objects
        }

        @Override
        public Reader getReader(String resourceName) {
            throw new MustacheException("partials ({{> " + resourceName + "}}) are not allowed");
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                if (escapeHtml) {
                    HtmlEscaper.escape(value, writer);
                } else {
                    writer.write(value);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
