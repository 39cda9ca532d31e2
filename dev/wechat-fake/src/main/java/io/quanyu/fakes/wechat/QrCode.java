package io.quanyu.fakes.wechat;

import java.time.Instant;

/**
 * A parametric QR code created through {@code /cgi-bin/qrcode/create}: its ticket, its scene (an id or a string) and
 * whether it is permanent. Scanning one is how a follower reaches the callback with {@code qrscene_} or {@code SCAN}.
 *
 * @param sceneStr the scene string of {@code QR_STR_SCENE}/{@code QR_LIMIT_STR_SCENE}; {@code null} for id scenes
 * @param expires  {@code null} for permanent codes
 */
public record QrCode(String ticket, String actionName, long sceneId, String sceneStr, Instant created,
                     Instant expires, String url) {

    /** The scene as the callback's EventKey carries it (without the {@code qrscene_} prefix). */
    public String scene() {
        return sceneStr != null ? sceneStr : Long.toString(sceneId);
    }

    public boolean permanent() {
        return expires == null;
    }

    boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }
}
