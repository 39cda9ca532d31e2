package io.quanyu.plugins.sms;

import io.quanyu.plugin.sdk.channel.DeliveryStatus;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One of the delivery receipts Alibaba Cloud pushes (SmsReport): whether the carrier delivered the message whose
 * {@code OutId} was {@code out_id}, with the carrier's {@code err_code}/{@code err_msg} ({@code DELIVERED} /
 * {@code 用户接收成功} on success) and the times, which the provider writes as {@code 2017-01-01 00:00:00} in China
 * Standard Time.
 *
 * @param sendId     {@code out_id}: the platform's send id
 * @param delivered  {@code success}
 * @param reportedAt {@code report_time}, when the carrier reported
 * @param detail     what the provider said, for the delivery's record
 */
record SmsReceipt(String sendId, boolean delivered, Instant reportedAt, Map<String, Object> detail) {
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter PROVIDER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The receipt an element of the pushed array holds, or empty when it names no send. */
    static Optional<SmsReceipt> from(Object element, Instant received) {
        if (!(element instanceof Map<?, ?> fields) || !(fields.get("out_id") instanceof String sendId)
                || sendId.isBlank()) {
            return Optional.empty();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("provider", "aliyun");
        copyText(fields, "biz_id", "bizId", detail);
        copyText(fields, "err_code", "errCode", detail);
        copyText(fields, "err_msg", "errMsg", detail);
        copyText(fields, "sms_size", "smsSize", detail);
        copyText(fields, "send_time", "sendTime", detail);
        Instant at = fields.get("report_time") instanceof String time ? providerTime(time).orElse(received) : received;
        return Optional.of(new SmsReceipt(sendId.strip(), Boolean.TRUE.equals(fields.get("success")), at, detail));
    }

    /** {@code DELIVERED} when the carrier delivered it, else {@code FAILED}. */
    DeliveryStatus status() {
        return delivered ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED;
    }

    private static void copyText(Map<?, ?> fields, String from, String to, Map<String, Object> detail) {
        if (fields.get(from) instanceof String value && !value.isEmpty()) {
            detail.put(to, value);
        }
    }

    private static Optional<Instant> providerTime(String text) {
        try {
            return Optional.of(LocalDateTime.parse(text.strip(), PROVIDER_TIME).atZone(CHINA).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
