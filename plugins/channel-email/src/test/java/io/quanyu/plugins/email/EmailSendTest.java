package io.quanyu.plugins.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quanyu.plugin.sdk.channel.Message;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.sdk.channel.SendResult;
import io.quanyu.plugin.testkit.TestHost;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static io.quanyu.plugins.email.EmailTestBed.HOOKS;
import static io.quanyu.plugins.email.EmailTestBed.message;
import static org.assertj.core.api.Assertions.assertThat;

/** Sending: what arrives at a real SMTP server (GreenMail), at most once per send id, and each refusal's code. */
class EmailSendTest {
    private static final String SALE = "https://shop.example.com/sale?a=1&b=2";
    private static final String HTML = "<html><body><p>Hello Jane, the <a class=\"cta\" "
            + "href=\"https://shop.example.com/sale?a=1&amp;b=2\">sale</a> is on. "
            + "<a href='mailto:care@example.com'>Write to us</a>.</p></body></html>";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    private EmailTestBed bed;

    @BeforeEach
    void start() {
        bed = new EmailTestBed(MAIL);
    }

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void theMessageArrivesWithBothPartsTheHeadersThePixelAndTrackedLinks() throws Exception {
        TestHost.HandedSend send = bed.send("order-1", "jane@customers.test",
                message("Hello Jane, the sale is on.", HTML));

        String sendId = send.sendId();
        assertThat(send.result().isSent()).as("%s", send.result()).isTrue();
        assertThat(send.result().messageId()).isEqualTo("<" + sendId + "@example.com>");
        assertThat(MAIL.getReceivedMessages()).singleElement().satisfies(mail -> {
            assertThat(mail.getMessageID()).isEqualTo(send.result().messageId());
            assertThat(mail.getSubject()).isEqualTo("春季促销 Spring sale");
            assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("Acme 商城");
            assertThat(mail.getReplyTo()).extracting(Object::toString).containsExactly("care@example.com");
            assertThat(mail.getHeader("Return-Path", null)).as("the envelope sender, VERP")
                    .isEqualTo("<bounces+" + sendId + "@example.com>");
            assertThat(mail.getHeader("X-Quanyu-Send-Id", null)).isEqualTo(sendId);
            assertThat(mail.getHeader("List-Unsubscribe", null))
                    .startsWith("<" + HOOKS + "unsubscribe/" + sendId + "?sig=").endsWith(">");
            assertThat(mail.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");

            MimeMultipart parts = (MimeMultipart) mail.getContent();
            assertThat(parts.getContentType()).startsWith("multipart/alternative");
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
            assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Hello Jane, the sale is on.");
            assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
            String html = (String) parts.getBodyPart(1).getContent();
            assertThat(html).contains("<a class=\"cta\" href=\"" + HOOKS + "click/" + sendId + "?u="
                            + URLEncoder.encode(SALE, StandardCharsets.UTF_8) + "&amp;sig=")
                    .doesNotContain("href=\"https://shop.example.com")
                    .contains("href='mailto:care@example.com'")
                    .containsPattern("<img src=\"" + HOOKS.replace(".", "\\.") + "open/" + sendId
                            + "\\.gif\\?sig=[A-Za-z0-9_-]+\" width=\"1\" height=\"1\"[^>]*></body>");
        });
    }

    @Test
    void aSendIdIsSentOnceHoweverOftenTheConnectorIsCalled() {
        Message message = message("Hello", HTML);

        SendResult first = bed.send("order-2", "jane@customers.test", message).result();
        SendResult again = bed.send("order-2", "jane@customers.test", message).result();

        assertThat(first.isSent()).isTrue();
        assertThat(again).isEqualTo(first);
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aTextOnlyMessageIsOnePlainPart() throws Exception {
        bed.send("order-3", "jane@customers.test", new Message(null, "Just text", Map.of("subject", "Hi")));

        MimeMessage mail = MAIL.getReceivedMessages()[0];
        assertThat(mail.isMimeType("text/plain")).isTrue();
        assertThat(mail.getContent()).isEqualTo("Just text");
    }

    @Test
    void withoutSettingsTheChannelIsNotConfigured() {
        bed.host.services().settings(EmailTestBed.TENANT, EmailPluginZip.PLUGIN_ID, Map.of());

        SendResult result = bed.send("order-4", "jane@customers.test", message("Hello", HTML)).result();

        assertThat(result.failure().code()).isEqualTo("EMAIL_NOT_CONFIGURED");
        assertThat(result.retryable()).isFalse();
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void onlyEmailAddressesAndMessagesWithABodyAreSent() {
        TestHost.HandedSend phone = bed.host.send(bed.plugin, EmailTestBed.TENANT, "email", "order-5",
                new Recipient("phone", null, "+8613800138000", null), message("Hello", HTML));
        SendResult notAnAddress = bed.send("order-6", "jane at customers", message("Hello", HTML)).result();
        SendResult empty = bed.send("order-7", "jane@customers.test", new Message(null, " ", Map.of())).result();

        assertThat(phone.result().failure().code()).isEqualTo("EMAIL_NO_ADDRESS");
        assertThat(notAnAddress.failure().code()).isEqualTo("EMAIL_NO_ADDRESS");
        assertThat(empty.failure().code()).isEqualTo("EMAIL_EMPTY");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRecipientTheServerRefusesForGoodIsRejected() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.refusing("550 5.1.1 <jane@customers.test>: no such user")) {
            bed.settings(Map.of("port", server.port()));

            SendResult result = bed.send("order-8", "jane@customers.test", message("Hello", HTML)).result();

            assertThat(result.failure().code()).isEqualTo("EMAIL_REJECTED");
            assertThat(result.failure().message()).contains("550 5.1.1");
            assertThat(result.retryable()).isFalse();
        }
    }

    @Test
    void aTemporaryRefusalIsRetryableAndTheRetrySends() throws Exception {
        TestHost.HandedSend refused;
        try (ScriptedSmtpServer server = ScriptedSmtpServer.refusing("451 4.3.0 mailbox busy, try later")) {
            bed.settings(Map.of("port", server.port()));
            refused = bed.send("order-9", "jane@customers.test", message("Hello", HTML));
        }
        bed.settings(Map.of("port", MAIL.getSmtp().getPort()));
        TestHost.HandedSend retried = bed.send("order-9", "jane@customers.test", message("Hello", HTML));

        assertThat(refused.result().failure().code()).isEqualTo("EMAIL_UNAVAILABLE");
        assertThat(refused.result().retryable()).isTrue();
        assertThat(retried.sendId()).isEqualTo(refused.sendId());
        assertThat(retried.result().isSent()).isTrue();
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aTransactionCutOffAfterTheDataIsInDoubtAndNeverSentAgain() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.taking(ScriptedSmtpServer.AfterData.CUT)) {
            bed.settings(Map.of("port", server.port()));

            TestHost.HandedSend first = bed.send("order-11", "jane@customers.test", message("Hello", HTML));
            TestHost.HandedSend again = bed.send("order-11", "jane@customers.test", message("Hello", HTML));

            assertThat(first.result().failure().code()).isEqualTo("EMAIL_SEND_IN_DOUBT");
            assertThat(first.result().retryable()).isFalse();
            assertThat(again.sendId()).isEqualTo(first.sendId());
            assertThat(again.result().failure().code()).isEqualTo("EMAIL_SEND_IN_DOUBT");
            assertThat(server.connections()).as("the repeat does not even connect").isEqualTo(1);
            assertThat(server.messages()).isEqualTo(1);
        }
    }

    /**
     * The send is recorded as sent as soon as the server has taken the message, before the session ends: an attempt
     * that starts while the first one is still saying goodbye (as after a crash at that moment) answers sent, and
     * sends nothing.
     */
    @Test
    void aMessageTheServerTookIsRecordedSentBeforeTheSessionEnds() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.taking(ScriptedSmtpServer.AfterData.ACCEPT_THEN_STALL)) {
            bed.settings(Map.of("port", server.port()));
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    bed.send("order-12", "jane@customers.test", message("Hello", HTML)));
            assertThat(server.awaitStalled()).isTrue();

            TestHost.HandedSend meanwhile = bed.send("order-12", "jane@customers.test", message("Hello", HTML));
            server.release();

            assertThat(meanwhile.result().isSent()).as(String.valueOf(meanwhile.result().failure())).isTrue();
            assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS).result().isSent()).isTrue();
            assertThat(meanwhile.result().messageId()).isEqualTo(first.get().result().messageId());
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.messages()).isEqualTo(1);
        }
    }

    @Test
    void aServerThatIsDownIsUnavailableAndRetryable() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        bed.settings(Map.of("port", closedPort));

        SendResult result = bed.send("order-10", "jane@customers.test", message("Hello", HTML)).result();

        assertThat(result.failure().code()).isEqualTo("EMAIL_UNAVAILABLE");
        assertThat(result.retryable()).isTrue();
    }

    @Test
    void aPrivateHostTheOperatorDoesNotAllowIsNeverReached() {
        Map<String, Object> localhost = new HashMap<>();
        localhost.put("host", "localhost");
        bed.settings(localhost);

        SendResult result = bed.send("order-11", "jane@customers.test", message("Hello", HTML)).result();

        assertThat(result.failure().code()).isEqualTo("EMAIL_HOST_REFUSED");
        assertThat(result.failure().message()).contains("EGRESS_ADDRESS_BLOCKED");
        assertThat(result.retryable()).isFalse();
        assertThat(MAIL.getReceivedMessages()).as("no fallback to an unchecked socket").isEmpty();
    }
}
