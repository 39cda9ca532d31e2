package io.quanyu.fakes.wechat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A person as one account sees them: the account's openid for the person, whether they follow and how they came,
 * their tags, their customer-service window and the messages the account sent them. Mutated only under the owning
 * {@link OfficialAccount}'s monitor; read it through the account's snapshots.
 */
final class Follower {

    final String openId;
    final Person person;
    final ServiceWindow window = new ServiceWindow();
    final Set<Long> tagIds = new LinkedHashSet<>();
    final List<ReceivedMessage> inbox = new ArrayList<>();
    boolean subscribed;
    Instant subscribeTime;
    String subscribeScene = "";
    long qrScene;
    String qrSceneStr = "";
    String remark = "";

    Follower(String openId, Person person) {
        this.openId = openId;
        this.person = person;
    }

    void subscribe(Instant at, String scene, QrCode qrCode) {
        subscribed = true;
        subscribeTime = at;
        subscribeScene = scene;
        qrScene = qrCode == null || qrCode.sceneStr() != null ? 0 : qrCode.sceneId();
        qrSceneStr = qrCode == null || qrCode.sceneStr() == null ? "" : qrCode.sceneStr();
    }

    void unsubscribe() {
        subscribed = false;
        window.close();
    }
}
