package io.quanyu.plugins.email;

import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a message's HTML report what its reader does: every {@code http}/{@code https} link ({@code href} of an
 * {@code <a>} or {@code <area>}, quoted) is sent through the click webhook, and an open pixel is put before
 * {@code </body>} (or at the end). Other links ({@code mailto:}, anchors, stylesheets) are left as they are.
 */
final class HtmlTracking {
    private static final Pattern LINK = Pattern.compile("(<a(?:rea)?\\b[^>]*?\\bhref\\s*=\\s*)([\"'])(.*?)\\2",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern BODY_END = Pattern.compile("</body\\s*>", Pattern.CASE_INSENSITIVE);

    private HtmlTracking() {
    }

    /**
     * @param html     the message's HTML, attribute values HTML-escaped
     * @param clickUrl the tracked address of a link's address
     * @param pixelUrl the open pixel's address
     */
    static String track(String html, UnaryOperator<String> clickUrl, String pixelUrl) {
        Matcher link = LINK.matcher(html);
        StringBuilder out = new StringBuilder();
        while (link.find()) {
            String url = unescape(link.group(3)).strip();
            String lower = url.toLowerCase(Locale.ROOT);
            String href = lower.startsWith("http://") || lower.startsWith("https://")
                    ? escape(clickUrl.apply(url)) : link.group(3);
            link.appendReplacement(out, Matcher.quoteReplacement(link.group(1) + link.group(2) + href + link.group(2)));
        }
        link.appendTail(out);
        String pixel = "<img src=\"" + escape(pixelUrl) + "\" width=\"1\" height=\"1\" alt=\"\" style=\"border:0\">";
        Matcher end = BODY_END.matcher(out);
        int at = -1;
        while (end.find()) {
            at = end.start();
        }
        return at < 0 ? out + pixel : out.substring(0, at) + pixel + out.substring(at);
    }

    /** An attribute value as text: the entities HTML escaping writes. */
    private static String unescape(String value) {
        return value.replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    /** Text as an attribute value, in either quotes. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("'", "&#39;").replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
