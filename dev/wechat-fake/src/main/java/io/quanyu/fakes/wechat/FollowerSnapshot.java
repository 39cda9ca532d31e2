package io.quanyu.fakes.wechat;

import java.util.List;

/**
 * A follower as the admin API and tests see it, frozen at one moment.
 *
 * @param subscribeTime        epoch seconds of the last follow; {@code null} if never followed
 * @param messageWindowUntil   epoch seconds until the 48-hour grant of the last user message runs; {@code null} if none
 * @param messageWindowLeft    custom messages left in that grant
 * @param eventWindowUntil     epoch seconds until the one-minute grant of the last follow/scan/click runs
 * @param eventWindowLeft      custom messages left in that grant
 */
public record FollowerSnapshot(String openId, String personId, String unionId, String nickname, boolean subscribed,
                               Long subscribeTime, String subscribeScene, long qrScene, String qrSceneStr,
                               List<Long> tagIds, Long messageWindowUntil, int messageWindowLeft,
                               Long eventWindowUntil, int eventWindowLeft) {

    static FollowerSnapshot of(Follower follower) {
        ServiceWindow.Grant message = follower.window.messageGrant();
        ServiceWindow.Grant event = follower.window.eventGrant();
        Person person = follower.person;
        return new FollowerSnapshot(follower.openId, person.id(), person.unionId(), person.nickname(),
                follower.subscribed,
                follower.subscribeTime == null ? null : follower.subscribeTime.getEpochSecond(),
                follower.subscribeScene, follower.qrScene, follower.qrSceneStr, List.copyOf(follower.tagIds),
                message == null ? null : message.until.getEpochSecond(), message == null ? 0 : message.left,
                event == null ? null : event.until.getEpochSecond(), event == null ? 0 : event.left);
    }
}
