package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.jspecify.annotations.Nullable;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The customer's pages (H5, for WeChat's browser), at {@code /hooks/<tenant>/coupons/h5/...}, open only with a
 * customer session of the tenant (the platform checks it before this code runs; a WeChat login through the WeChat
 * plugin's {@code oauth} page issues one and sends the customer here with it):
 * <ul>
 *   <li>{@code claim/<template>}: what the coupon gives and its rules, and a button to claim it; the form carries a
 *   fresh key, so a second tap of the same form claims nothing more;</li>
 *   <li>{@code mine}: the customer's coupons, each with its code, status, expiry and rules.</li>
 * </ul>
 * The first request with a {@code session} parameter moves the session into a cookie and sends the browser on to
 * the address without it. Pages are in Chinese, or in English when the browser prefers English ({@code lang=en}
 * too).
 */
public final class H5 {
    static final String PATH = "h5";
    static final Duration COOKIE_LIFETIME = Duration.ofDays(7);

    private H5() {
    }

    /** {@code claimPage}: the address of a template's claim page, and its WeChat login address for an account. */
    @Extension
    public static class Link implements Operation {
        @Override
        public String name() {
            return "claimPage";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            PluginContext context = request.context();
            String template = (String) request.input().get("template");
            if (Templates.find(context.records(), template).isEmpty()) {
                return Templates.notFound(template);
            }
            String page = context.publicUrl(PATH + "/claim/" + template);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("url", page);
            if (request.input().get("account") instanceof String account) {
                String hooks = page.substring(0, page.indexOf("/" + context.pluginId() + "/" + PATH + "/"));
                out.put("wechatUrl", hooks + "/channel-wechat/oauth?account=" + encode(account) + "&scope=snsapi_base&to="
                        + encode(page));
            }
            return OperationResult.ok(out);
        }
    }

    @Extension
    public static class Pages implements WebhookHandler {
        @Override
        public String path() {
            return PATH;
        }

        @Override
        public WebhookResponse handle(WebhookRequest request) {
            PluginContext context = request.context();
            if (request.parameter("session") != null) {
                return keepSession(request);
            }
            Texts texts = Texts.of(request);
            String sub = request.subPath();
            if (sub.startsWith("/claim/") && sub.length() > "/claim/".length()) {
                String template = sub.substring("/claim/".length());
                return switch (request.method()) {
                    case "GET" -> claimPage(context, texts, template, null);
                    case "POST" -> claim(request, texts, template);
                    default -> WebhookResponse.text(405, "GET or POST");
                };
            }
            if (sub.equals("/mine") && request.method().equals("GET")) {
                return mine(request, texts);
            }
            if (sub.startsWith("/card/") && request.method().equals("POST")) {
                return addCard(request, sub.substring("/card/".length()));
            }
            return WebhookResponse.text(404, "no such page");
        }

        /**
         * The session from the address into a cookie for the tenant's pages, and on to the address without it. The
         * pages' redirects and links are paths, so they keep the host the browser came by.
         */
        private static WebhookResponse keepSession(WebhookRequest request) {
            PluginContext context = request.context();
            StringBuilder target = new StringBuilder(pagePath(context, request.subPath()));
            String separator = "?";
            for (Map.Entry<String, List<String>> parameter : request.query().entrySet()) {
                if (!parameter.getKey().equals("session")) {
                    for (String value : parameter.getValue()) {
                        target.append(separator).append(encode(parameter.getKey())).append('=').append(encode(value));
                        separator = "&";
                    }
                }
            }
            return WebhookResponse.redirect(target.toString()).withHeader("Set-Cookie", "quanyu_session="
                    + request.parameter("session") + "; Path=/hooks/" + context.tenant() + "/; Max-Age="
                    + COOKIE_LIFETIME.toSeconds() + "; Secure; HttpOnly; SameSite=Lax");
        }

        private static WebhookResponse claimPage(PluginContext context, Texts texts, String key, @Nullable String refusal) {
            Optional<Map<String, Object>> template = Templates.find(context.records(), key);
            if (template.isEmpty() || Templates.DRAFT.equals(template.get().get("status"))) {
                return page(404, texts, texts.t("noTemplate"), "<p class=\"notice\">" + texts.t("noTemplate") + "</p>");
            }
            Map<String, Object> t = template.get();
            StringBuilder body = new StringBuilder();
            body.append(card(t, texts, context, null));
            body.append("<p class=\"left\" id=\"left\">").append(texts.t("left", t.get("remaining"))).append("</p>");
            if (refusal != null) {
                body.append("<p class=\"notice\" id=\"refusal\" data-code=\"").append(escape(refusal)).append("\">")
                        .append(escape(texts.refusal(refusal))).append("</p>");
            }
            if (Templates.ACTIVE.equals(t.get("status"))) {
                body.append("<form method=\"post\"><input type=\"hidden\" name=\"key\" value=\"").append(Codes.next("", 20))
                        .append("\"><button id=\"claim\" type=\"submit\">").append(texts.t("claim")).append("</button></form>");
            } else {
                body.append("<p class=\"notice\" id=\"closed\">").append(texts.t("closed")).append("</p>");
            }
            body.append("<p><a id=\"mine\" href=\"../mine\">")
                    .append(texts.t("mine")).append("</a></p>");
            return page(200, texts, String.valueOf(t.get("name")), body.toString());
        }

        private static WebhookResponse claim(WebhookRequest request, Texts texts, String template) {
            PluginContext context = request.context();
            String key = form(request.body()).get("key");
            if (key == null || !key.matches("[" + Codes.ALPHABET + "]{20}")) {
                return claimPage(context, texts, template, "FORM_INVALID");
            }
            Claims.Outcome outcome = Claims.claim(context, template, request.customerId(), "h5:" + key, "claim");
            if (outcome.coupon() == null) {
                return claimPage(context, texts, template, outcome.code());
            }
            return WebhookResponse.redirect(pagePath(context, "/mine") + "?claimed=" + outcome.coupon().get("code")
                    + (texts.english() ? "&lang=en" : ""));
        }

        private static WebhookResponse mine(WebhookRequest request, Texts texts) {
            PluginContext context = request.context();
            Records records = context.records();
            Map<String, Optional<Map<String, Object>>> templates = new HashMap<>();
            StringBuilder body = new StringBuilder();
            String claimed = request.parameter("claimed");
            if (claimed != null) {
                body.append("<p class=\"done\" id=\"claimed\">").append(texts.t("claimed", escape(claimed))).append("</p>");
            }
            List<Map<String, Object>> coupons = records.find(Coupons.OBJECT, Coupons.eq("customerId", request.customerId()),
                    List.of(Records.Sort.descending("claimedAt")), 100, null).records();
            if (coupons.isEmpty()) {
                body.append("<p class=\"notice\" id=\"none\">").append(texts.t("none")).append("</p>");
            }
            boolean addable = false;
            for (Map<String, Object> coupon : coupons) {
                Optional<Map<String, Object>> template = templates.computeIfAbsent(String.valueOf(coupon.get("template")),
                        k -> Templates.find(records, k));
                if (template.isPresent()) {
                    body.append(card(template.get(), texts, context, coupon));
                    addable |= InWeChat.card(template.get()).isPresent() && Coupons.CLAIMED.equals(coupon.get("status"))
                            && !Boolean.TRUE.equals(coupon.get("inWeChat"));
                }
            }
            if (addable) {
                body.append("<p class=\"notice\" id=\"card-error\" hidden></p><script>").append(ADD_CARD_SCRIPT
                        .replace("$ADDED", texts.t("added")).replace("$FAILED", texts.t("addFailed"))).append("</script>");
            }
            return page(200, texts, texts.t("mine"), body.toString());
        }
    }

    /**
     * {@code POST card/<code>} (form field {@code url}: the my-coupons page's address, which {@code wx.config} is signed
     * for; another page's is refused, so the signature serves no other page): what the page's script needs to add the
     * customer's coupon to their WeChat card package ({@link InWeChat#addParams}), as JSON; a refusal is a 409 with
     * {@code {"code": ..., "message": ...}}.
     */
    private static WebhookResponse addCard(WebhookRequest request, String code) {
        String url = form(request.body()).get("url");
        if (url == null || url.length() > 2048 || !pagePath(request.context(), "/mine").equals(path(url))) {
            return WebhookResponse.json(400, "{\"code\":\"FORM_INVALID\",\"message\":\"url must be the address of the "
                    + "my-coupons page\"}");
        }
        InWeChat.AddParams params = InWeChat.addParams(request.context(), request.customerId(), code, url);
        if (params.params() == null) {
            return WebhookResponse.json(409, json(Map.of("code", params.code(), "message", String.valueOf(params.message()))))
                    .withHeader("Cache-Control", "no-store");
        }
        return WebhookResponse.json(200, json(params.params())).withHeader("Cache-Control", "no-store");
    }

    /**
     * The my-coupons page's script: a tap on "add to WeChat" asks {@code card/<code>} for the signed parameters,
     * loads WeChat's JS-SDK from the address they name, configures it for this page and calls {@code wx.addCard};
     * once WeChat added the card the page says so (WeChat's event then marks the coupon).
     */
    private static final String ADD_CARD_SCRIPT = """
            document.querySelectorAll('button.add-card').forEach(function (button) {
              button.addEventListener('click', function () {
                var error = document.getElementById('card-error');
                function fail(what) { error.hidden = false; error.textContent = '$FAILED' + (what ? ' (' + what + ')' : ''); button.disabled = false; }
                button.disabled = true;
                var page = location.href.split('#')[0];
                fetch('card/' + encodeURIComponent(button.dataset.code), {method: 'POST', credentials: 'same-origin',
                    headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'url=' + encodeURIComponent(page)})
                  .then(function (answer) { return answer.json(); })
                  .then(function (p) {
                    if (!p.cardExt) { fail(p.code); return; }
                    function add() {
                      wx.config({debug: false, appId: p.config.appId, timestamp: p.config.timestamp, nonceStr: p.config.nonceStr,
                                 signature: p.config.signature, jsApiList: ['addCard']});
                      wx.error(function (e) { fail(e.errMsg); });
                      wx.ready(function () {
                        wx.addCard({cardList: [{cardId: p.cardId, cardExt: p.cardExt}],
                          success: function () { button.outerHTML = '<span class="in-wechat">$ADDED</span>'; },
                          fail: function (e) { fail(e.errMsg); }});
                      });
                    }
                    if (window.wx) { add(); return; }
                    var script = document.createElement('script');
                    script.src = p.jsSdkUrl;
                    script.onload = add;
                    script.onerror = function () { fail('JS-SDK'); };
                    document.head.appendChild(script);
                  })
                  .catch(function () { fail(''); });
              });
            });
            """;

    /** The path of an http(s) address, or null when it is not one (WeChat signs only its own pages' addresses). */
    private static @Nullable String path(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    ? uri.getRawPath() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A flat JSON object of strings, numbers, booleans and such objects. */
    static String json(Map<?, ?> values) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<?, ?> entry : values.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(String.valueOf(entry.getKey()))).append(':');
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> map) {
                out.append(json(map));
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else {
                out.append(value == null ? "null" : quote(String.valueOf(value)));
            }
        }
        return out.append('}').toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The path of one of the pages ({@code sub}: {@code /mine}), without the platform's host. */
    static String pagePath(PluginContext context, String sub) {
        return java.net.URI.create(context.publicUrl(PATH + sub)).getRawPath();
    }

    /** A coupon's card: its name, what it gives and its rules; with a coupon, its code, status and expiry too. */
    static String card(Map<String, Object> template, Texts texts, PluginContext context, @Nullable Map<String, Object> coupon) {
        StringBuilder out = new StringBuilder("<section class=\"coupon\"");
        if (coupon != null) {
            out.append(" data-code=\"").append(escape(String.valueOf(coupon.get("code")))).append("\" data-status=\"")
                    .append(escape(String.valueOf(coupon.get("status")))).append('"');
        }
        out.append("><h2>").append(escape(String.valueOf(template.get("name")))).append("</h2>");
        out.append("<p class=\"worth\">").append(escape(texts.worth(template))).append("</p><ul class=\"rules\">");
        ZoneId zone = Claims.zone(context);
        for (String rule : texts.rules(template, zone)) {
            out.append("<li>").append(escape(rule)).append("</li>");
        }
        out.append("</ul>");
        if (coupon != null) {
            out.append("<p class=\"code\">").append(texts.t("code")).append(" <b>").append(escape(String.valueOf(coupon.get("code"))))
                    .append("</b></p><p class=\"status\">").append(escape(texts.status(String.valueOf(coupon.get("status")))));
            if (coupon.get("expiresAt") != null) {
                out.append(" · ").append(texts.t("until", texts.time(Instant.parse(String.valueOf(coupon.get("expiresAt"))), zone)));
            }
            out.append("</p>");
            if (InWeChat.card(template).isPresent() && Coupons.CLAIMED.equals(coupon.get("status"))) {
                out.append(Boolean.TRUE.equals(coupon.get("inWeChat"))
                        ? "<p class=\"in-wechat\">" + texts.t("inWeChat") + "</p>"
                        : "<button class=\"add-card\" type=\"button\" data-code=\"" + escape(String.valueOf(coupon.get("code")))
                        + "\">" + texts.t("addCard") + "</button>");
            }
        }
        return out.append("</section>").toString();
    }

    private static WebhookResponse page(int status, Texts texts, String title, String body) {
        String html = "<!doctype html><html lang=\"" + (texts.english() ? "en" : "zh-CN") + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;margin:0;padding:16px;background:#f6f6f6;color:#222}"
                + ".coupon{background:#fff;border-left:6px solid #e4393c;border-radius:8px;padding:12px 16px;margin:0 0 12px}"
                + ".coupon h2{margin:0 0 4px;font-size:18px}.worth{font-size:22px;color:#e4393c;margin:4px 0}"
                + ".rules{margin:4px 0;padding-left:18px;color:#555;font-size:14px}.notice{color:#b00}.done{color:#080}"
                + "button{width:100%;padding:12px;font-size:17px;color:#fff;background:#e4393c;border:0;border-radius:22px}"
                + "</style></head><body>" + body + "</body></html>";
        return WebhookResponse.bytes(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8))
                .withHeader("Cache-Control", "private, no-store");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A form body ({@code application/x-www-form-urlencoded}). */
    static Map<String, String> form(byte[] body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The pages' words, in Chinese or English. */
    record Texts(boolean english) {
        private static final Map<String, String[]> WORDS = Map.ofEntries(
                Map.entry("claim", new String[]{"立即领取", "Claim now"}),
                Map.entry("mine", new String[]{"我的券", "My coupons"}),
                Map.entry("left", new String[]{"剩余 %s 张", "%s left"}),
                Map.entry("closed", new String[]{"活动未在进行中", "This offer is not open"}),
                Map.entry("noTemplate", new String[]{"没有这张券", "There is no such coupon"}),
                Map.entry("claimed", new String[]{"领取成功，券码 %s", "Claimed: code %s"}),
                Map.entry("none", new String[]{"您还没有券", "You have no coupons yet"}),
                Map.entry("code", new String[]{"券码", "Code"}),
                Map.entry("until", new String[]{"%s 前有效", "valid until %s"}),
                Map.entry("addCard", new String[]{"添加到微信卡包", "Add to WeChat"}),
                Map.entry("inWeChat", new String[]{"已在微信卡包", "In your WeChat card package"}),
                Map.entry("added", new String[]{"已添加到微信卡包", "Added to WeChat"}),
                Map.entry("addFailed", new String[]{"未能添加到微信卡包", "Could not add it to WeChat"}));

        static Texts of(WebhookRequest request) {
            String lang = request.parameter("lang");
            String accept = request.header("Accept-Language");
            return new Texts(lang != null ? lang.startsWith("en")
                    : accept != null && accept.toLowerCase(Locale.ROOT).startsWith("en"));
        }

        String t(String key, Object... args) {
            String text = WORDS.get(key)[english ? 1 : 0];
            return args.length == 0 ? text : String.format(text, args);
        }

        String status(String status) {
            return switch (status) {
                case Coupons.CLAIMED -> english ? "Ready to use" : "可使用";
                case Coupons.RESERVED -> english ? "Held for an order" : "已锁定";
                case Coupons.REDEEMED -> english ? "Used" : "已使用";
                case Coupons.GIFTING -> english ? "Being given" : "转赠中";
                case Coupons.GIFTED -> english ? "Given to a friend" : "已转赠";
                case Coupons.EXPIRED -> english ? "Expired" : "已过期";
                case Coupons.VOIDED -> english ? "Void" : "已作废";
                default -> status;
            };
        }

        String refusal(String code) {
            return switch (code) {
                case "OUT_OF_STOCK" -> english ? "All gone, sorry" : "券已领完";
                case "CUSTOMER_LIMIT_REACHED" -> english ? "You have claimed as many as allowed" : "您已达到领取上限";
                case "CUSTOMER_DAILY_LIMIT_REACHED" -> english ? "You have claimed today's" : "今日已领取，明天再来";
                case "TEMPLATE_NOT_ACTIVE", "TEMPLATE_ENDED" -> english ? "This offer is not open" : "活动未在进行中";
                case "AUDIENCE_MISMATCH" -> english ? "This offer is for selected customers" : "本券仅限指定会员领取";
                default -> english ? "The claim failed (" + code + ")" : "领取失败（" + code + "）";
            };
        }

        /** What the coupon gives: 8折, 满100减20, 兑换 MUG-1, 免运费. */
        String worth(Map<String, Object> template) {
            BigDecimal threshold = Coupons.decimal(template.get("threshold"));
            return switch (String.valueOf(template.get("kind"))) {
                case "percentOff" -> {
                    BigDecimal off = Coupons.decimal(template.get("percentOff"));
                    yield english ? off.toPlainString() + "% off"
                            : BigDecimal.TEN.subtract(off.movePointLeft(1)).stripTrailingZeros().toPlainString() + "折";
                }
                case "amountOff" -> {
                    String amount = money(template.get("amountOff"));
                    yield threshold.signum() > 0 ? (english ? amount + " off orders from " + money(threshold)
                            : "满" + money(threshold) + "减" + amount) : (english ? amount + " off" : "立减" + amount + "元");
                }
                case "exchange" -> (english ? "In exchange for " : "兑换 ") + template.get("item");
                case "freeShipping" -> english ? "Free shipping" : "免运费";
                default -> String.valueOf(template.get("kind"));
            };
        }

        /** The coupon's rules, one sentence each. */
        List<String> rules(Map<String, Object> template, ZoneId zone) {
            List<String> out = new ArrayList<>();
            BigDecimal threshold = Coupons.decimal(template.get("threshold"));
            boolean cashOff = "amountOff".equals(template.get("kind"));
            if (threshold.signum() > 0 && !cashOff) {
                out.add(english ? "For orders from " + money(threshold) : "订单满" + money(threshold) + "元可用");
            }
            if (template.get("maxDiscount") != null) {
                out.add(english ? "At most " + money(template.get("maxDiscount")) + " off" : "最高优惠" + money(template.get("maxDiscount")) + "元");
            }
            if (template.get("validDays") instanceof Number days) {
                out.add(english ? "Valid for " + days + " days after you claim it" : "领取后" + days + "天内有效");
            }
            if (template.get("validFrom") != null) {
                out.add(english ? "Valid from " + time(Instant.parse(String.valueOf(template.get("validFrom"))), zone)
                        : time(Instant.parse(String.valueOf(template.get("validFrom"))), zone) + " 起可用");
            }
            if (template.get("validTo") != null) {
                out.add(english ? "Valid until " + time(Instant.parse(String.valueOf(template.get("validTo"))), zone)
                        : time(Instant.parse(String.valueOf(template.get("validTo"))), zone) + " 前有效");
            }
            if (template.get("perCustomer") instanceof Number n) {
                out.add(english ? "At most " + n + " per customer" : "每人限领" + n + "张");
            }
            if (template.get("perCustomerPerDay") instanceof Number n) {
                out.add(english ? "At most " + n + " a day" : "每人每日限领" + n + "张");
            }
            if (Audience.rule(template).isPresent()) {
                out.add(english ? "For selected customers only" : "仅限指定会员领取");
            }
            if (Stacking.EXCLUSIVE.equals(template.get("stacking"))) {
                out.add(english ? "Cannot be combined with other coupons" : "不可与其他优惠券同时使用");
            } else if (template.get("stackLimit") instanceof Number n) {
                out.add(english ? "Up to " + n + " coupons on one order" : "每笔订单最多叠加使用" + n + "张券");
            }
            if (Boolean.FALSE.equals(template.get("giftable"))) {
                out.add(english ? "Cannot be given to friends" : "不可转赠");
            }
            return out;
        }

        String time(Instant instant, ZoneId zone) {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone).format(instant);
        }

        private String money(Object amount) {
            String plain = Coupons.decimal(amount).stripTrailingZeros().toPlainString();
            return english ? "¥" + plain : plain;
        }
    }
}
