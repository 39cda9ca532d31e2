package io.quanyu.plugins.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.job.JobResult;
import io.quanyu.plugin.testkit.InMemoryDeliveries;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static io.quanyu.plugins.email.EmailTestBed.BOUNCES;
import static io.quanyu.plugins.email.EmailTestBed.message;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code bounces} job against a real IMAP mailbox (GreenMail) holding the reports mail servers send back. */
class BounceJobTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    private EmailTestBed bed;
    private GreenMailUser bounces;

    @BeforeEach
    void start() {
        bed = new EmailTestBed(MAIL);
        bounces = MAIL.getUserManager().getUser("bounces");
    }

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void aPermanentFailureIsABounceAndASpamReportAComplaint() throws Exception {
        String bounced = send("order-1");
        String complained = send("order-2");
        String delayed = send("order-3");
        deliver(dsn("bounces+" + bounced + "@example.com", "failed", "5.1.1",
                "smtp; 550 5.1.1 <jane@customers.test>: user unknown", ""));
        deliver(arf(complained));
        deliver(dsn("bounces+" + delayed + "@example.com", "delayed", "4.4.1", "smtp; 451 4.4.1 try later", ""));
        deliver(dsn("bounces+snd_unknown@example.com", "failed", "5.1.1", "smtp; 550 user unknown", ""));
        deliver(reply());

        JobResult result = bed.runBounces();

        assertThat(result.failure()).isNull();
        assertThat(result.summary()).startsWith("reported 1 bounce(s) and 1 complaint(s); deleted 1 notice(s) and 1 "
                + "report(s) about unknown sends; left 1 message(s)");
        assertThat(bed.reports()).hasSize(2);
        assertThat(report(bounced)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(r.detail()).containsEntry("status", "5.1.1").containsEntry("recipient", "jane@customers.test")
                    .containsEntry("diagnostic", "smtp; 550 5.1.1 <jane@customers.test>: user unknown");
        });
        assertThat(report(complained)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.COMPLAINED);
            assertThat(r.detail()).containsEntry("feedbackType", "abuse");
        });
        assertThat(mailbox()).as("the reports are deleted, the reply is left")
                .singleElement().satisfies(m -> assertThat(m.getSubject()).isEqualTo("Re: Spring sale"));
    }

    @Test
    void aBounceReturnedToThePlainAddressIsFoundByTheQuotedSendIdHeader() throws Exception {
        String bounced = send("order-4");
        deliver(dsn(BOUNCES, "failed", "5.2.1", "smtp; 550 5.2.1 mailbox disabled",
                "X-Quanyu-Send-Id: " + bounced + "\r\n"));

        bed.runBounces();

        assertThat(report(bounced).status()).isEqualTo(DeliveryStatus.BOUNCED);
        assertThat(mailbox()).isEmpty();
    }

    @Test
    void withoutABounceMailboxTheJobReadsNothing() throws Exception {
        Map<String, Object> noMailbox = new HashMap<>();
        noMailbox.put("bounceHost", null);
        bed.settings(noMailbox);
        deliver(dsn("bounces+" + send("order-5") + "@example.com", "failed", "5.1.1", "smtp; 550", ""));

        JobResult result = bed.runBounces();

        assertThat(result.summary()).isEqualTo("no bounce mailbox is set: nothing to read");
        assertThat(bed.reports()).isEmpty();
        assertThat(mailbox()).hasSize(1);
    }

    @Test
    void aMailboxThatRefusesTheLoginFailsTheRun() {
        bed.settings(Map.of("bouncePassword", "wrong"));

        JobResult result = bed.runBounces();

        assertThat(result.failure()).isNotNull();
        assertThat(result.failure().code()).isEqualTo("EMAIL_BOUNCES_UNAVAILABLE");
    }

    private String send(String key) {
        var send = bed.send(key, "jane@customers.test", message("Hello", "<p>Hello</p>"));
        assertThat(send.result().isSent()).isTrue();
        return send.sendId();
    }

    private InMemoryDeliveries.Report report(String sendId) {
        return bed.reports().stream().filter(r -> r.sendId().equals(sendId)).findFirst().orElseThrow();
    }

    private java.util.List<MimeMessage> mailbox() throws Exception {
        return MAIL.getManagers().getImapHostManager().getInbox(bounces).getMessages().stream()
                .map(m -> m.getMimeMessage()).toList();
    }

    private void deliver(String raw) throws Exception {
        bounces.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    /** A delivery-status notification (RFC 3464) quoting the original message's headers. */
    private static String dsn(String to, String action, String status, String diagnostic, String quotedHeaders) {
        return "From: MAILER-DAEMON@mx.customers.test\r\nTo: " + to + "\r\nSubject: Undelivered Mail Returned to "
                + "Sender\r\nDate: Tue, 1 Dec 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\r\n\r\n"
                + "--dsn\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                + "--dsn\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.customers.test\r\n\r\n"
                + "Final-Recipient: rfc822; jane@customers.test\r\nAction: " + action + "\r\nStatus: " + status
                + "\r\nDiagnostic-Code: " + diagnostic + "\r\n\r\n"
                + "--dsn\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                + "From: news@example.com\r\nTo: jane@customers.test\r\nSubject: Spring sale\r\n" + quotedHeaders
                + "--dsn--\r\n";
    }

    /** An abuse report (ARF, RFC 5965) sent to the plain bounce address, quoting the whole original message. */
    private static String arf(String sendId) {
        return "From: feedback@isp.test\r\nTo: " + BOUNCES + "\r\nSubject: Abuse report\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=feedback-report; boundary=\"arf\"\r\n\r\n"
                + "--arf\r\nContent-Type: text/plain\r\n\r\nThis is an e-mail abuse report.\r\n"
                + "--arf\r\nContent-Type: message/feedback-report\r\n\r\n"
                + "Feedback-Type: abuse\r\nUser-Agent: ISP-FBL/1.0\r\nVersion: 1\r\n\r\n"
                + "--arf\r\nContent-Type: message/rfc822\r\n\r\n"
                + "From: news@example.com\r\nTo: jane@customers.test\r\nSubject: Spring sale\r\n"
                + "X-Quanyu-Send-Id: " + sendId + "\r\n\r\nHello\r\n"
                + "--arf--\r\n";
    }

    private static String reply() {
        return "From: jane@customers.test\r\nTo: " + BOUNCES + "\r\nSubject: Re: Spring sale\r\n\r\nThanks!\r\n";
    }
}
