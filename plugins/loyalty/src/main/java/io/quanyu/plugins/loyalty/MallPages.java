package io.quanyu.plugins.loyalty;

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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The member's points mall (H5, for WeChat's browser) at {@code /hooks/<tenant>/loyalty/h5/mall/<program>}, open only
 * with a customer session of the tenant (a WeChat login through the WeChat plugin's {@code oauth} page issues one): the
 * member's points, tier and what they need for the next, the points that expire next, the items on sale with a button
 * to redeem each (the form carries a fresh key, so a second tap redeems nothing more), and the member's redemptions
 * with their coupon codes. The first request with a {@code session} parameter moves the session into a cookie. In
 * Chinese, or in English when the browser prefers it ({@code lang=en} too).
 */
public final class MallPages {
    static final String PATH = "h5";
    private static final Duration COOKIE_LIFETIME = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    private MallPages() {
    }

    /** {@code mallPage}: the address of a program's mall, and its WeChat login address for an official account. */
    @Extension
    public static class Link implements Operation {
        @Override
        public String name() {
            return "mallPage";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            return Programs.with(request, program -> {
                PluginContext context = request.context();
                String page = context.publicUrl(PATH + "/mall/" + program.get("key"));
                Map<String, Object> out = new java.util.LinkedHashMap<>();
                out.put("url", page);
                if (request.input().get("account") instanceof String account) {
                    String hooks = page.substring(0, page.indexOf("/" + context.pluginId() + "/" + PATH + "/"));
                    out.put("wechatUrl", hooks + "/channel-wechat/oauth?account=" + encode(account) + "&scope=snsapi_base&to="
                            + encode(page));
                }
                return OperationResult.ok(out);
            });
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
            if (request.parameter("session") != null) {
                return keepSession(request);
            }
            Texts texts = Texts.of(request);
            String sub = request.subPath();
            if (!sub.startsWith("/mall/") || sub.length() == "/mall/".length()) {
                return WebhookResponse.text(404, "no such page");
            }
            String program = sub.substring("/mall/".length());
            Optional<Map<String, Object>> found = Programs.find(request.context().records(), program);
            if (found.isEmpty()) {
                return page(404, texts, texts.t("noProgram"), "<p class=\"notice\">" + texts.t("noProgram") + "</p>");
            }
            return switch (request.method()) {
                case "GET" -> mall(request, texts, found.get(), null);
                case "POST" -> redeem(request, texts, found.get());
                default -> WebhookResponse.text(405, "GET or POST");
            };
        }
    }

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

    private static WebhookResponse redeem(WebhookRequest request, Texts texts, Map<String, Object> program) {
        Map<String, String> form = form(request.body());
        String key = form.get("key");
        String item = form.get("item");
        if (key == null || !key.matches("[0-9a-f]{32}") || item == null || item.length() > 40) {
            return mall(request, texts, program, "FORM_INVALID");
        }
        OperationResult result = Mall.redeem(request.context(), request.customerId(), item, 1, "h5:" + key);
        if (result.failure() != null) {
            return mall(request, texts, program, result.failure().code());
        }
        return WebhookResponse.redirect(pagePath(request.context(), "/mall/" + program.get("key")) + "?redeemed="
                + encode(String.valueOf(result.output().get("id"))) + (texts.english() ? "&lang=en" : ""));
    }

    private static WebhookResponse mall(WebhookRequest request, Texts texts, Map<String, Object> program, @Nullable String refusal) {
        PluginContext context = request.context();
        Records records = context.records();
        String customer = request.customerId();
        String programKey = String.valueOf(program.get("key"));
        Map<String, Object> status = TierOperations.status(context, program, customer);
        String points = program.get("pointsName") == null ? texts.t("points") : String.valueOf(program.get("pointsName"));
        StringBuilder body = new StringBuilder("<section class=\"member\" id=\"member\"><h1>").append(escape(String.valueOf(program.get("name"))))
                .append("</h1><p class=\"balance\"><b id=\"balance\">").append(status.get("balance")).append("</b> ").append(escape(points))
                .append("</p>");
        if (status.get("tierName") != null) {
            body.append("<p class=\"tier\" id=\"tier\" data-tier=\"").append(escape(String.valueOf(status.get("tier")))).append("\">")
                    .append(escape(String.valueOf(status.get("tierName")))).append("</p>");
            if (status.get("nextTier") != null) {
                Tiers.Policy policy = Tiers.Policy.of(program);
                String next = policy == null ? "" : policy.tier(String.valueOf(status.get("nextTier"))).name();
                BigDecimal toNext = new BigDecimal(String.valueOf(status.get("toNext")));
                body.append("<p class=\"next\" id=\"to-next\">").append(escape("spend".equals(program.get("tierBasis"))
                        ? texts.t("toNextSpend", toNext.stripTrailingZeros().toPlainString(), next)
                        : texts.t("toNextPoints", toNext.stripTrailingZeros().toPlainString(), points, next))).append("</p>");
            }
        }
        if (status.get("nextExpiry") != null) {
            body.append("<p class=\"expiry\" id=\"expiry\">").append(escape(texts.t("expiring", status.get("expiringNext"), points,
                    DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(Programs.zone(program))
                            .format(Instant.parse(String.valueOf(status.get("nextExpiry"))))))).append("</p>");
        }
        body.append("</section>");
        String redeemed = request.parameter("redeemed");
        if (redeemed != null) {
            records.get(Mall.REDEMPTION, redeemed).filter(r -> customer.equals(r.get("customerId"))).ifPresent(r ->
                    body.append("<p class=\"done\" id=\"redeemed\">").append(escape("reserved".equals(r.get("status"))
                            ? texts.t("reserved") : texts.t("redeemed"))).append("</p>"));
        }
        if (refusal != null) {
            body.append("<p class=\"notice\" id=\"refusal\" data-code=\"").append(escape(refusal)).append("\">")
                    .append(escape(texts.refusal(refusal))).append("</p>");
        }
        List<Map<String, Object>> items = records.find(Mall.ITEM, Ledger.all(Ledger.eq("program", programKey), Ledger.eq("status", "on")),
                List.of(Records.Sort.ascending("pricePoints")), 100, null).records();
        Map<String, String> names = new HashMap<>();
        body.append("<h2>").append(texts.t("items")).append("</h2>");
        if (items.isEmpty()) {
            body.append("<p class=\"notice\" id=\"no-items\">").append(texts.t("noItems")).append("</p>");
        }
        for (Map<String, Object> item : items) {
            String key = String.valueOf(item.get("key"));
            names.put(key, String.valueOf(item.get("name")));
            body.append("<section class=\"item\" data-item=\"").append(escape(key)).append("\"><h3>").append(escape(String.valueOf(item.get("name"))))
                    .append("</h3>");
            if (item.get("description") != null) {
                body.append("<p class=\"description\">").append(escape(String.valueOf(item.get("description")))).append("</p>");
            }
            body.append("<p class=\"price\">").append(item.get("pricePoints")).append(' ').append(escape(points));
            if (item.get("priceCash") != null && new BigDecimal(String.valueOf(item.get("priceCash"))).signum() > 0) {
                body.append(" + ¥").append(new BigDecimal(String.valueOf(item.get("priceCash"))).stripTrailingZeros().toPlainString());
            }
            body.append("</p>");
            if (item.get("stock") != null) {
                body.append("<p class=\"stock\">").append(texts.t("left", item.get("stock"))).append("</p>");
            }
            boolean soldOut = item.get("stock") != null && Ledger.number(item.get("stock")) == 0;
            boolean limited = Mall.atLimit(records, item, customer);
            body.append("<form method=\"post\"><input type=\"hidden\" name=\"item\" value=\"").append(escape(key))
                    .append("\"><input type=\"hidden\" name=\"key\" value=\"").append(formKey()).append("\"><button class=\"redeem\" type=\"submit\"")
                    .append(soldOut ? " disabled>" + texts.t("soldOut") : limited ? " disabled>" + texts.t("limit") : ">" + texts.t("redeem"))
                    .append("</button></form></section>");
        }
        List<Map<String, Object>> mine = records.find(Mall.REDEMPTION, Ledger.all(Ledger.eq("program", programKey),
                Ledger.eq("customerId", customer), Map.of("field", "status", "op", "in", "value", List.of("reserved", "confirmed",
                        "shipped", "cancelled"))), List.of(Records.Sort.descending("at")), 50, null).records();
        if (!mine.isEmpty()) {
            body.append("<h2>").append(texts.t("mine")).append("</h2><ul class=\"redemptions\" id=\"redemptions\">");
            for (Map<String, Object> r : mine) {
                String item = String.valueOf(r.get("item"));
                body.append("<li class=\"redemption\" data-status=\"").append(escape(String.valueOf(r.get("status")))).append("\">")
                        .append(escape(names.getOrDefault(item, item))).append(" · ").append(escape(texts.status(String.valueOf(r.get("status")))));
                if (r.get("coupon") != null) {
                    body.append(" · ").append(texts.t("code")).append(" <b class=\"coupon-code\">").append(escape(String.valueOf(r.get("coupon"))))
                            .append("</b>");
                }
                body.append("</li>");
            }
            body.append("</ul>");
        }
        return page(200, texts, String.valueOf(program.get("name")), body.toString());
    }

    private static String formKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String pagePath(PluginContext context, String sub) {
        return java.net.URI.create(context.publicUrl(PATH + sub)).getRawPath();
    }

    private static WebhookResponse page(int status, Texts texts, String title, String body) {
        String html = "<!doctype html><html lang=\"" + (texts.english() ? "en" : "zh-CN") + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;margin:0;padding:16px;background:#f6f6f6;color:#222}"
                + ".member{background:linear-gradient(135deg,#3a2f1c,#8a6d3b);color:#fff;border-radius:12px;padding:16px;margin:0 0 16px}"
                + ".member h1{margin:0;font-size:16px;font-weight:normal}.balance{font-size:15px;margin:8px 0}.balance b{font-size:32px}"
                + ".tier{display:inline-block;background:#f5d78e;color:#3a2f1c;border-radius:10px;padding:2px 10px;margin:0}"
                + ".next,.expiry{font-size:13px;opacity:.9;margin:6px 0 0}h2{font-size:16px;margin:16px 0 8px}"
                + ".item{background:#fff;border-radius:8px;padding:12px 16px;margin:0 0 12px}.item h3{margin:0 0 4px;font-size:17px}"
                + ".description{color:#555;font-size:14px;margin:4px 0}.price{color:#c4572a;font-size:18px;margin:4px 0}"
                + ".stock{color:#888;font-size:13px;margin:0 0 8px}.notice{color:#b00}.done{color:#080}"
                + ".redemptions{padding-left:18px;font-size:14px}"
                + "button{width:100%;padding:10px;font-size:16px;color:#fff;background:#c4572a;border:0;border-radius:20px}"
                + "button:disabled{background:#bbb}</style></head><body>" + body + "</body></html>";
        return WebhookResponse.bytes(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8))
                .withHeader("Cache-Control", "private, no-store");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(byte[] body) {
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
                Map.entry("points", new String[]{"积分", "points"}),
                Map.entry("noProgram", new String[]{"没有这个积分计划", "There is no such points program"}),
                Map.entry("toNextPoints", new String[]{"再获得 %s %s升级为%s", "%s more %s to reach %s"}),
                Map.entry("toNextSpend", new String[]{"再消费 ¥%s 升级为%s", "Spend ¥%s more to reach %s"}),
                Map.entry("expiring", new String[]{"%s %s将于 %s 过期", "%s %s expire on %s"}),
                Map.entry("limit", new String[]{"已达兑换上限", "You have redeemed as many as allowed"}),
                Map.entry("items", new String[]{"积分兑换", "Redeem your points"}),
                Map.entry("noItems", new String[]{"暂无可兑换的商品", "Nothing to redeem yet"}),
                Map.entry("left", new String[]{"剩余 %s 件", "%s left"}),
                Map.entry("redeem", new String[]{"立即兑换", "Redeem"}),
                Map.entry("soldOut", new String[]{"已兑完", "Sold out"}),
                Map.entry("redeemed", new String[]{"兑换成功", "Redeemed"}),
                Map.entry("reserved", new String[]{"已为您保留，请在 30 分钟内完成支付", "Held for you: pay within 30 minutes"}),
                Map.entry("mine", new String[]{"我的兑换", "My redemptions"}),
                Map.entry("code", new String[]{"券码", "code"}));

        static Texts of(WebhookRequest request) {
            String lang = request.parameter("lang");
            String accept = request.header("Accept-Language");
            return new Texts(lang != null ? lang.startsWith("en") : accept != null && accept.toLowerCase(Locale.ROOT).startsWith("en"));
        }

        String t(String key, Object... args) {
            String text = WORDS.get(key)[english ? 1 : 0];
            return args.length == 0 ? text : String.format(text, args);
        }

        String status(String status) {
            return switch (status) {
                case "reserved" -> english ? "Awaiting payment" : "待支付";
                case "confirmed" -> english ? "Redeemed" : "已兑换";
                case "shipped" -> english ? "Shipped" : "已发货";
                case "cancelled" -> english ? "Cancelled" : "已取消";
                default -> status;
            };
        }

        String refusal(String code) {
            return switch (code) {
                case "INSUFFICIENT_POINTS" -> english ? "Not enough points" : "积分不足";
                case "OUT_OF_STOCK" -> english ? "All gone, sorry" : "已兑完";
                case "LIMIT_REACHED" -> english ? "You have redeemed as many as allowed" : "您已达到兑换上限";
                case "ITEM_NOT_FOUND" -> english ? "This item is no longer on sale" : "该商品已下架";
                default -> english ? "The redemption failed (" + code + ")" : "兑换失败（" + code + "）";
            };
        }
    }
}
