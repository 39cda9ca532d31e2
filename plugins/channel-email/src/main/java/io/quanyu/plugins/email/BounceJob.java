package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.job.JobRequest;
import io.quanyu.plugin.sdk.job.JobResult;
import io.quanyu.plugin.sdk.job.ScheduledJob;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.pf4j.Extension;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code bounces}: reads the tenant's bounce mailbox over IMAP (through the platform's checked sockets) and tells the
 * platform which sends bounced for good ({@code BOUNCED}: it marks the address undeliverable) and which readers
 * complained ({@code COMPLAINED}: it withdraws their marketing consent), so that the tenant stops mailing them. Every
 * report read ({@link Feedback}), reported or not, is deleted; mail that is no report is left for people. A run stops
 * reading shortly before its deadline and goes on at the next.
 */
@Extension
public class BounceJob implements ScheduledJob {
    /** Left for deleting what was read and logging out. */
    private static final Duration WIND_DOWN = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "bounces";
    }

    @Override
    public JobResult run(JobRequest request) {
        PluginContext context = request.context();
        Optional<EmailSettings> settings = EmailSettings.of(context.settings()).filter(s -> s.bounceMailbox() != null);
        if (settings.isEmpty()) {
            return JobResult.ok("no bounce mailbox is set: nothing to read");
        }
        MailServer mailbox = settings.get().bounceMailbox();
        try (Store store = MailSessions.imap(context, mailbox).getStore("imap")) {
            store.connect(mailbox.host(), mailbox.port(), mailbox.username(), mailbox.password());
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Tally tally = new Tally();
            try {
                read(context, inbox, settings.get().bounceAddress(), tally);
            } finally {
                inbox.close(true);
            }
            return JobResult.ok(tally.summary());
        } catch (MessagingException e) {
            return JobResult.failed("EMAIL_BOUNCES_UNAVAILABLE", "cannot read the bounce mailbox at " + mailbox.host()
                    + ":" + mailbox.port() + ": " + e.getMessage());
        }
    }

    private static void read(PluginContext context, Folder inbox, String bounceAddress, Tally tally)
            throws MessagingException {
        Message[] messages = inbox.getMessages();
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.CONTENT_INFO);
        inbox.fetch(messages, profile);
        Instant stop = context.deadline().minus(WIND_DOWN);
        for (Message message : messages) {
            if (Instant.now().isAfter(stop)) {
                tally.stoppedEarly = true;
                return;
            }
            Feedback feedback;
            try {
                feedback = Feedback.of((MimeMessage) message, bounceAddress);
            } catch (MessagingException | IOException e) {
                tally.unreadable++;
                continue;
            }
            switch (feedback.kind()) {
                case NOT_A_REPORT -> {
                    tally.left++;
                    continue;
                }
                case NOTICE -> tally.notices++;
                case BOUNCE, COMPLAINT -> tally.count(feedback.kind(), reported(context, feedback, message));
            }
            message.setFlag(Flags.Flag.DELETED, true);
        }
    }

    /** Reports a bounce or complaint; false when it names no send the platform knows. */
    private static boolean reported(PluginContext context, Feedback feedback, Message message)
            throws MessagingException {
        if (feedback.sendId() == null) {
            return false;
        }
        DeliveryStatus status = feedback.kind() == Feedback.Kind.BOUNCE ? DeliveryStatus.BOUNCED
                : DeliveryStatus.COMPLAINED;
        Instant at = message.getSentDate() == null ? Instant.now() : message.getSentDate().toInstant();
        return DeliveryReports.report(context, feedback.sendId(), status, at, feedback.detail());
    }

    /** What a run did, for the run history. */
    private static final class Tally {
        int bounces;
        int complaints;
        int notices;
        int unknown;
        int left;
        int unreadable;
        boolean stoppedEarly;

        void count(Feedback.Kind kind, boolean reported) {
            if (!reported) {
                unknown++;
            } else if (kind == Feedback.Kind.BOUNCE) {
                bounces++;
            } else {
                complaints++;
            }
        }

        String summary() {
            return "reported " + bounces + " bounce(s) and " + complaints + " complaint(s); deleted " + notices
                    + " notice(s) and " + unknown + " report(s) about unknown sends; left " + left
                    + " message(s) that are no reports and " + unreadable + " unreadable one(s)"
                    + (stoppedEarly ? "; stopped at the deadline, the rest is read next time" : "");
        }
    }
}
