package io.quanyu.fakes.wechat;

/**
 * A code in a person's card package, as WeChat reports it ({@code card/code/get}'s {@code user_card_status}).
 *
 * @param previousCode the code it had before a gift changed it, or {@code null}
 */
public record CardCode(String code, String cardId, String openId, String status, long receivedAt,
                       String previousCode) {

    public static final String NORMAL = "NORMAL";
    public static final String CONSUMED = "CONSUMED";
    public static final String GIFTING = "GIFTING";
    public static final String DELETE = "DELETE";
    public static final String UNAVAILABLE = "UNAVAILABLE";
}
