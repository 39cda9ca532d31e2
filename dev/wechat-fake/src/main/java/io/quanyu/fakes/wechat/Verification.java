package io.quanyu.fakes.wechat;

/**
 * The result of checking a callback URL the way the console does when a developer saves it.
 *
 * @param ok      whether the URL answered HTTP 200 with the echostr verbatim
 * @param url     the URL called, with its signed query
 * @param status  the HTTP status, 0 when there was no answer
 * @param problem what went wrong; {@code null} when ok
 */
public record Verification(boolean ok, String url, int status, String echostr, String body, String problem) {
}
