package io.quanyu.plugins.email;

/**
 * The pages a reader sees when unsubscribing, in Chinese and English: the confirmation, whose button posts to the
 * signed unsubscribe address, and the page after it.
 */
final class UnsubscribePage {

    private UnsubscribePage() {
    }

    /** The confirmation page; {@code action} is the signed address its form posts to. */
    static String confirm(String action) {
        return page("退订确认 / Unsubscribe",
                "<p lang=\"zh-CN\">确定不再接收这些邮件吗？</p>"
                        + "<p lang=\"en\">Do you want to stop receiving these e-mails?</p>"
                        + "<form method=\"post\" action=\"" + HtmlTracking.escape(action) + "\">"
                        + "<button type=\"submit\">退订 / Unsubscribe</button></form>");
    }

    static String done() {
        return page("已退订 / Unsubscribed",
                "<p lang=\"zh-CN\">您已退订，今后不会再收到这些邮件。</p>"
                        + "<p lang=\"en\">You are unsubscribed and will not receive these e-mails any more.</p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title
                + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>";
    }
}
