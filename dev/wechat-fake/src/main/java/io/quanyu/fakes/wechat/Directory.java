package io.quanyu.fakes.wechat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Who exists in the fake: the accounts and the people, and each person's openid in each account (derived from a
 * per-instance seed, so openids differ between runs as they differ between real accounts). Also remembers the person
 * being played, whom the OAuth page signs in.
 */
final class Directory {

    private final Map<String, OfficialAccount> accounts = new LinkedHashMap<>();
    private final Map<String, Person> people = new LinkedHashMap<>();
    private final String seed = MessageCrypto.randomString(16);
    private final FakeTime time;
    private Person current;

    Directory(FakeTime time) {
        this.time = time;
    }

    /** Adds an account, or replaces the configuration of the account with the same app id (its state is kept). */
    synchronized OfficialAccount put(AccountConfig config) {
        OfficialAccount existing = accounts.get(config.appId());
        if (existing != null) {
            existing.configure(config);
            return existing;
        }
        OfficialAccount account = new OfficialAccount(config, time);
        accounts.put(config.appId(), account);
        people.values().forEach(person -> account.add(new Follower(openId(account, person), person)));
        return account;
    }

    synchronized Person addPerson(String nickname, int sex, String language, String city, String province,
                                  String country) {
        String id = "p" + (people.size() + 1);
        Person person = new Person(id, "o" + derive("union", id).substring(0, 28),
                nickname == null || nickname.isBlank() ? "Follower " + (people.size() + 1) : nickname, sex,
                language == null ? "zh_CN" : language, city == null ? "" : city, province == null ? "" : province,
                country == null ? "" : country, "");
        people.put(id, person);
        accounts.values().forEach(account -> account.add(new Follower(openId(account, person), person)));
        current = person;
        return person;
    }

    /** The account with this app id; {@code null} when there is none. */
    synchronized OfficialAccount find(String appId) {
        return appId == null ? null : accounts.get(appId);
    }

    synchronized OfficialAccount require(String appId) {
        OfficialAccount account = find(appId);
        if (account == null) {
            throw new NoSuchElementException("no account " + appId);
        }
        return account;
    }

    synchronized List<OfficialAccount> accounts() {
        return new ArrayList<>(accounts.values());
    }

    synchronized List<Person> people() {
        return new ArrayList<>(people.values());
    }

    synchronized Person person(String id) {
        Person person = people.get(id);
        if (person == null) {
            throw new NoSuchElementException("no person " + id);
        }
        return person;
    }

    /** The person being played: the last one set, acted as or created; {@code null} before anyone exists. */
    synchronized Person current() {
        return current;
    }

    synchronized void setCurrent(Person person) {
        current = person;
    }

    private String openId(OfficialAccount account, Person person) {
        return "o" + derive(account.appId(), person.id()).substring(0, 27);
    }

    private String derive(String scope, String id) {
        String hex = Signatures.sha1Sorted(seed + "|" + scope + "|" + id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(hex + hex));
    }
}
