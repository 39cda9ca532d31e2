package io.quanyu.plugins.sms;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.channel.ChannelConnector;
import io.quanyu.plugin.sdk.channel.MessageRequest;
import io.quanyu.plugin.sdk.channel.SendResult;
import org.pf4j.Extension;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code sms} channel: sends the delivery service's message as one Alibaba Cloud SMS with {@code SendSms} (the
 * message's {@code template} is the approved template's code, {@code data.params} its variables), with the send id as
 * {@code OutId} so that the receipts name the send. A send id goes out at most once (see {@link SendLedger}); every
 * problem is an answer with a stable code, never an exception.
 */
@Extension
public class SmsConnector implements ChannelConnector {
    static final String CHANNEL = "sms";
    /** The provider's answer to SendSms when a request's nonce was seen within its replay window. */
    static final String NONCE_USED = "SignatureNonceUsed";
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    private static final Duration SHORTEST_WAIT = Duration.ofSeconds(1);
    /** The platform's refusals of an endpoint the manifest's egress does not allow: no retry will change them. */
    private static final Set<String> FORBIDDEN = Set.of("EGRESS_NOT_DECLARED", "EGRESS_ADDRESS_BLOCKED");

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public SendResult send(MessageRequest request) {
        PluginContext context = request.context();
        SmsSettings settings;
        switch (SmsSettings.from(context.settings())) {
            case SmsSettings.Complete complete -> settings = complete.settings();
            case SmsSettings.Incomplete incomplete -> {
                return SendResult.failed("SMS_NOT_CONFIGURED", "the SMS channel is not set up: "
                        + String.join(", ", incomplete.problems()), false);
            }
        }
        if (!"phone".equals(request.recipient().identityType())) {
            return SendResult.failed("SMS_NOT_A_PHONE", "the SMS channel reaches phone numbers, not "
                    + request.recipient().identityType(), false);
        }
        Optional<String> number = PhoneNumbers.forSendSms(request.recipient().identity());
        if (number.isEmpty()) {
            return SendResult.failed("SMS_NUMBER_INVALID", "not a phone number the provider can reach", false);
        }
        String template = request.message().template();
        if (template == null || template.isBlank()) {
            return SendResult.failed("SMS_TEMPLATE_MISSING", "an SMS needs the provider's template code as the"
                    + " message's template", false);
        }
        String params;
        try {
            params = TemplateParams.from(request.message().data()).orElse(null);
        } catch (IllegalArgumentException e) {
            return SendResult.failed("SMS_TEMPLATE_PARAMS_INVALID", e.getMessage(), false);
        }
        SendLedger ledger = new SendLedger(context.store(), request.sendId());
        Optional<String> earlier = ledger.acceptedAs();
        if (earlier.isPresent()) {
            return SendResult.sent(earlier.get());
        }
        return send(context, ledger, new DysmsClient(context.http(), settings),
                new DysmsClient.SendSms(number.get(), template.strip(), params, request.sendId()));
    }

    private static SendResult send(PluginContext context, SendLedger ledger, DysmsClient client,
                                   DysmsClient.SendSms sms) {
        DysmsAnswer answer;
        try {
            answer = client.send(sms, ledger.nonce(), Instant.now(), waitFor(context));
        } catch (PluginException e) {
            if (FORBIDDEN.contains(e.code())) {
                return SendResult.failed("SMS_ENDPOINT_NOT_ALLOWED", e.getMessage(), false);
            }
            return SendResult.failed(Refusals.UNAVAILABLE, "no answer from the provider: " + e.getMessage(), true);
        }
        if (answer.accepted()) {
            ledger.accepted(answer.bizId());
            return SendResult.sent(answer.bizId());
        }
        if (NONCE_USED.equals(answer.code())) {
            context.log().info("send {} went out on an earlier attempt whose answer was lost", sms.outId());
            ledger.accepted(sms.outId());
            return SendResult.sent(sms.outId());
        }
        ledger.refused();
        return Refusals.of(answer);
    }

    /** As long as the provider may take, within the platform's deadline for this call. */
    private static Duration waitFor(PluginContext context) {
        Duration left = Duration.between(Instant.now(), context.deadline()).minus(SHORTEST_WAIT);
        return left.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : left.compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT : left;
    }
}
