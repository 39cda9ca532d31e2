package io.quanyu.plugins.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.channel.ChannelConnector;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import io.quanyu.plugin.testkit.InMemoryDeliveries;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.quanyu.plugins.email.EmailTestBed.message;
import static org.assertj.core.api.Assertions.assertThat;

/** The links in a sent message, followed as a reader's mail client and browser would. */
class TrackingWebhooksTest {
    private static final String SALE = "https://shop.example.com/sale?a=1&b=2";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    private EmailTestBed bed;
    private String sendId;
    private String html;

    @BeforeEach
    void sendOne() throws Exception {
        bed = new EmailTestBed(MAIL);
        sendId = bed.send("order-1", "jane@customers.test", message("Hello",
                "<p><a href=\"https://shop.example.com/sale?a=1&amp;b=2\">sale</a></p>")).sendId();
        html = (String) ((MimeMultipart) MAIL.getReceivedMessages()[0].getContent()).getBodyPart(1).getContent();
    }

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void thePixelReportsTheOpenAndIsAGif() {
        WebhookResponse pixel = bed.call("GET", link("<img src=\"([^\"]+)\""), "");

        assertThat(pixel.status()).isEqualTo(200);
        assertThat(pixel.contentType()).isEqualTo("image/gif");
        assertThat(new String(pixel.body(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        assertThat(pixel.header("Cache-Control")).isEqualTo("no-store");
        assertThat(bed.reports()).singleElement().satisfies(report -> {
            assertThat(report.sendId()).isEqualTo(sendId);
            assertThat(report.status()).isEqualTo(DeliveryStatus.OPENED);
        });
    }

    @Test
    void aPixelWithAForgedSignatureReportsNothing() {
        String pixel = link("<img src=\"([^\"]+)\"");

        String otherSignature = pixel.substring(0, pixel.indexOf("sig=") + 4) + "AAAAAAAAAAAAAAAAAAAAAA";
        WebhookResponse forged = bed.call("GET", otherSignature, "");
        WebhookResponse unsigned = bed.call("GET", pixel.substring(0, pixel.indexOf('?')), "");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(bed.reports()).isEmpty();
    }

    @Test
    void aClickReportsTheLinkAndRedirectsToIt() {
        WebhookResponse click = bed.call("GET", link("<a href=\"([^\"]+)\""), "");

        assertThat(click.status()).isEqualTo(302);
        assertThat(click.header("Location")).isEqualTo(SALE);
        assertThat(bed.reports()).singleElement().satisfies(report -> {
            assertThat(report.sendId()).isEqualTo(sendId);
            assertThat(report.status()).isEqualTo(DeliveryStatus.CLICKED);
            assertThat(report.detail()).containsEntry("url", SALE);
        });
    }

    @Test
    void aClickToAnotherAddressIsNoRedirect() {
        String click = link("<a href=\"([^\"]+)\"");
        String elsewhere = click.replace(URLEncoder.encode(SALE, StandardCharsets.UTF_8),
                URLEncoder.encode("https://evil.example.net/", StandardCharsets.UTF_8));
        String otherSend = click.replace("click/" + sendId, "click/snd_someoneelse");

        for (String forged : new String[]{elsewhere, otherSend}) {
            WebhookResponse answer = bed.call("GET", forged, "");
            assertThat(answer.status()).as(forged).isEqualTo(403);
            assertThat(answer.header("Location")).isNull();
        }
        assertThat(bed.reports()).isEmpty();
    }

    @Test
    void unsubscribingShowsAPageAndOnlyAPostUnsubscribes() throws Exception {
        String unsubscribe = MAIL.getReceivedMessages()[0].getHeader("List-Unsubscribe", null).replaceAll("^<|>$", "");

        WebhookResponse page = bed.call("GET", unsubscribe, "");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("退订", "Unsubscribe")
                .contains("<form method=\"post\" action=\"" + unsubscribe.replace("&", "&amp;") + "\"");
        assertThat(bed.reports()).as("a GET changes nothing").isEmpty();

        WebhookResponse done = bed.call("POST", unsubscribe, "List-Unsubscribe=One-Click");

        assertThat(done.status()).isEqualTo(200);
        assertThat(new String(done.body(), StandardCharsets.UTF_8)).contains("已退订", "unsubscribed");
        assertThat(bed.reports()).singleElement().satisfies(report -> {
            assertThat(report.sendId()).isEqualTo(sendId);
            assertThat(report.status()).isEqualTo(DeliveryStatus.UNSUBSCRIBED);
            assertThat(report.detail()).containsEntry("via", "one-click");
        });
    }

    @Test
    void anUnsubscribeWithAForgedSignatureIsRefused() throws Exception {
        String unsubscribe = MAIL.getReceivedMessages()[0].getHeader("List-Unsubscribe", null).replaceAll("^<|>$", "");
        String forged = unsubscribe.replace("unsubscribe/" + sendId, "unsubscribe/snd_someoneelse");

        assertThat(bed.call("GET", forged, "").status()).isEqualTo(403);
        assertThat(bed.call("POST", forged, "List-Unsubscribe=One-Click").status()).isEqualTo(403);
        assertThat(bed.reports()).isEmpty();
    }

    @Test
    void aSignedLinkOfASendThePlatformDoesNotKnowIsNotFound() {
        String unknown = "snd_unknown";
        String click = bed.host.call(bed.plugin, EmailTestBed.TENANT, "channel", "email",
                (ChannelConnector connector, PluginContext context) ->
                        TrackingLinks.forSending(context).click(unknown, SALE));

        WebhookResponse answer = bed.call("GET", click, "");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Location")).isNull();
        assertThat(bed.reports()).extracting(InMemoryDeliveries.Report::sendId).doesNotContain(unknown);
    }

    /** The first link the pattern finds in the message's HTML, as a browser reads the attribute. */
    private String link(String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(html);
        assertThat(m.find()).as("%s in %s", pattern, html).isTrue();
        return m.group(1).replace("&amp;", "&");
    }
}
