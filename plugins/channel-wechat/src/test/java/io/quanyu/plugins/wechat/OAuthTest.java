package io.quanyu.plugins.wechat;

import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** WeChat login end to end: the plugin's redirect, WeChat's authorize page (the fake), the code, a customer session. */
class OAuthTest {
    private static final String HOOKS = "http://localhost:8080/hooks/" + WeChatTestBed.TENANT + "/";
    private static final String PAGE = HOOKS + "coupons/wallet?campaign=d12";

    private final WeChatTestBed bed = new WeChatTestBed(MessageMode.SAFE);
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void close() {
        browser.close();
        bed.close();
    }

    @Test
    void aFollowerLogsInWithWeChatAndLandsOnThePageWithASessionOfTheirCustomer() throws Exception {
        Person li = bed.follower("Li Lei");

        WebhookResponse start = open("oauth?account=" + WeChatTestBed.APP_ID + "&scope=snsapi_userinfo&to="
                + URLEncoder.encode(PAGE, StandardCharsets.UTF_8));
        assertThat(start.status()).isEqualTo(302);
        assertThat(start.header("Location")).startsWith(bed.fake.baseUrl() + "/connect/oauth2/authorize?appid="
                + WeChatTestBed.APP_ID + "&redirect_uri=" + URLEncoder.encode(HOOKS + "channel-wechat/oauth/back",
                StandardCharsets.UTF_8)).contains("&scope=snsapi_userinfo&state=");

        String back = wechatAuthorizes(start.header("Location"));
        WebhookResponse landed = open(back.substring((HOOKS + "channel-wechat/").length()));

        assertThat(landed.status()).isEqualTo(302);
        assertThat(landed.header("Location")).startsWith(PAGE + "&session=");
        String session = landed.header("Location").substring((PAGE + "&session=").length());
        String customer = bed.host.services().customerOf(WeChatTestBed.TENANT,
                bed.events("wechat.subscribe").getFirst().id()).orElseThrow();
        assertThat(bed.host.services().sessions(WeChatTestBed.TENANT).verify(session))
                .contains(customer);
        assertThat(bed.events("wechat.oauth")).singleElement().satisfies(event -> {
            assertThat(event.identities()).contains(WeChatTestBed.openIdentity(bed.openId(li)));
            assertThat(event.properties()).containsEntry("scope", "snsapi_userinfo");
        });
        assertThat(open(back.substring((HOOKS + "channel-wechat/").length())).status())
                .as("the state is single-use").isEqualTo(400);
    }

    @Test
    void aLoginSendsCustomersOnlyToTheTenantsOwnPagesOrTheOriginsItAllows() {
        assertThat(open("oauth?account=" + WeChatTestBed.APP_ID + "&to="
                + URLEncoder.encode("https://evil.example.com/steal", StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(open("oauth?account=" + WeChatTestBed.APP_ID + "&to="
                + URLEncoder.encode("http://localhost:8080/hooks/globex/coupons", StandardCharsets.UTF_8)).status())
                .isEqualTo(400);
        assertThat(open("oauth?account=" + WeChatTestBed.APP_ID + "&scope=snsapi_login&to="
                + URLEncoder.encode(PAGE, StandardCharsets.UTF_8)).status()).isEqualTo(400);

        Map<String, Object> settings = new java.util.HashMap<>(Map.of("appId", WeChatTestBed.APP_ID, "appSecret",
                WeChatTestBed.SECRET, "token", WeChatTestBed.TOKEN, "encodingAesKey", WeChatTestBed.AES_KEY,
                "apiBaseUrl", bed.fake.baseUrl(), "pageOrigins", java.util.List.of("https://m.acme.com")));
        bed.host.services().settings(WeChatTestBed.TENANT, WeChatPluginZip.PLUGIN_ID, settings);
        assertThat(open("oauth?account=" + WeChatTestBed.APP_ID + "&to="
                + URLEncoder.encode("https://m.acme.com/member", StandardCharsets.UTF_8)).status()).isEqualTo(302);
    }

    private WebhookResponse open(String target) {
        return bed.host.webhook(bed.plugin, WeChatTestBed.TENANT, "GET", target, Map.of(), new byte[0], "203.0.113.7");
    }

    /** WeChat's authorize page (the fake signs in the person it last saw act), answering the redirect back. */
    private String wechatAuthorizes(String authorize) throws IOException, InterruptedException {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(authorize.replaceFirst("#.*$", "")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(302);
        return page.headers().firstValue("Location").orElseThrow();
    }
}
