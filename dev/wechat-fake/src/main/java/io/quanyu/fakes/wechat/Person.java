package io.quanyu.fakes.wechat;

/**
 * A simulated WeChat user. One person has one unionid (shared by every account of the same Open Platform) and a
 * different openid per account (see {@link Follower}); the profile is what {@code /sns/userinfo} reveals.
 *
 * @param sex 0 unknown, 1 male, 2 female, as WeChat encodes it
 */
public record Person(String id, String unionId, String nickname, int sex, String language, String city,
                     String province, String country, String headImgUrl) {
}
