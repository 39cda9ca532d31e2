package io.quanyu.fakes.wechat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One simulated Official Account: its configuration and all the state WeChat keeps for it (tokens, quotas, followers,
 * QR codes, menus, tags, web authorization) plus what the fake observed (messages sent to followers, callback
 * deliveries). The API groups lock the account's monitor while they read or change its state, and never while a
 * callback is being delivered (the developer's server may call back into the fake).
 */
public final class OfficialAccount {

    final AccessTokens tokens = new AccessTokens();
    final DailyQuotas quotas = new DailyQuotas();
    final Menus menus = new Menus();
    final Tags tags = new Tags();
    final OAuthSessions oauth = new OAuthSessions();
    final Map<String, QrCode> qrCodes = new LinkedHashMap<>();
    final Cards cards = new Cards();
    final JsTickets tickets = new JsTickets();
    private final Map<String, Follower> followers = new LinkedHashMap<>();
    private final Map<String, Follower> byPerson = new HashMap<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final FakeTime time;
    private volatile AccountConfig config;
    private long nextMsgId;

    OfficialAccount(AccountConfig config, FakeTime time) {
        this.config = config;
        this.time = time;
        this.nextMsgId = 24_000_000_000_000_000L + time.epochSecond() * 1000;
    }

    public AccountConfig config() {
        return config;
    }

    public String appId() {
        return config.appId();
    }

    void configure(AccountConfig newConfig) {
        if (!newConfig.appId().equals(config.appId())) {
            throw new IllegalArgumentException("an account's app id does not change");
        }
        config = newConfig;
    }

    public synchronized void addTemplate(String templateId) {
        if (!config.templateIds().contains(templateId)) {
            List<String> ids = new ArrayList<>(config.templateIds());
            ids.add(templateId);
            config = config.withTemplateIds(ids);
        }
    }

    /** Sets the daily limit of one API, keyed by its path (e.g. {@code /cgi-bin/message/custom/send}). */
    public synchronized void setQuota(String api, long limit) {
        quotas.setLimit(api, limit);
    }

    public synchronized Map<String, Object> quotas() {
        return quotas.snapshot(time.today());
    }

    /** This account's openid for the person. */
    public synchronized String openId(Person person) {
        Follower follower = byPerson.get(person.id());
        if (follower == null) {
            throw new IllegalArgumentException("unknown person " + person.id());
        }
        return follower.openId;
    }

    synchronized void add(Follower follower) {
        followers.put(follower.openId, follower);
        byPerson.put(follower.person.id(), follower);
    }

    /** The follower with this openid; {@code null} when the openid is not this account's. */
    synchronized Follower follower(String openId) {
        return openId == null ? null : followers.get(openId);
    }

    synchronized Follower requireFollower(String openId) {
        Follower follower = follower(openId);
        if (follower == null) {
            throw WeChatError.invalidOpenId();
        }
        return follower;
    }

    synchronized List<Follower> followers() {
        return new ArrayList<>(followers.values());
    }

    public synchronized FollowerSnapshot follower(Person person) {
        return FollowerSnapshot.of(byPerson.get(person.id()));
    }

    public synchronized List<FollowerSnapshot> followerSnapshots() {
        return followers.values().stream().map(FollowerSnapshot::of).toList();
    }

    /** The messages (custom, template, passive replies) that reached the follower, oldest first. */
    public synchronized List<ReceivedMessage> messages(String openId) {
        Follower follower = followers.get(openId);
        if (follower == null) {
            throw new IllegalArgumentException("unknown openid " + openId);
        }
        return List.copyOf(follower.inbox);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    void recordDelivery(Delivery delivery) {
        deliveries.add(delivery);
    }

    public synchronized List<QrCode> qrCodes() {
        return List.copyOf(qrCodes.values());
    }

    /** The codes in people's card packages, in the order they were added. */
    public synchronized List<CardCode> cardCodes() {
        return cards.codes();
    }

    /** The stock of a card this account created (what {@code wx.addCard} may still hand out). */
    public synchronized long cardStock(String cardId) {
        return cards.require(cardId).stock;
    }

    /** The ids of the cards this account created, oldest first. */
    public synchronized List<String> cardIds() {
        return cards.all().stream().map(card -> card.id).toList();
    }

    /** Whether WeChat's JS-SDK would accept this {@code wx.config} on a page at {@code url} now (live jsapi ticket). */
    public synchronized boolean acceptsJsConfig(String url, String nonceStr, long timestamp, String signature) {
        String ticket = tickets.live("jsapi", time.now());
        return ticket != null && Signatures.jsConfig(ticket, nonceStr, timestamp, url).equals(signature);
    }

    synchronized long nextMsgId() {
        return ++nextMsgId;
    }

    /**
     * What the brand's staff do in WeChat's own console: tag or untag a follower with the tag of this name, made
     * when the account has none. Answers the tag's id.
     */
    public synchronized long consoleTag(Person person, String tagName, boolean add) {
        Follower follower = byPerson.get(person.id());
        if (follower == null) {
            throw new IllegalArgumentException("unknown person " + person.id());
        }
        long id = tags.ordered().entrySet().stream().filter(tag -> tag.getValue().equals(tagName))
                .map(Map.Entry::getKey).findFirst().orElseGet(() -> tags.create(tagName));
        if (add) {
            follower.tagIds.add(id);
        } else {
            follower.tagIds.remove(id);
        }
        return id;
    }

    /** The names of the account's tags by id. */
    public synchronized Map<Long, String> tagNames() {
        return new LinkedHashMap<>(tags.ordered());
    }
}
