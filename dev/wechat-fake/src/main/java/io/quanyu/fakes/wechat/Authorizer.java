package io.quanyu.fakes.wechat;

/**
 * The gate of every business API (reference §3.1, §7.2): finds the account of the {@code access_token} query
 * parameter, answers 41001 (missing), 40001 (unknown or superseded) or 42001 (expired), then counts the call against
 * the API's daily quota (45009 when used up).
 */
final class Authorizer {

    private final Directory directory;
    private final FakeTime time;

    Authorizer(Directory directory, FakeTime time) {
        this.directory = directory;
        this.time = time;
    }

    OfficialAccount authorize(ApiRequest request, String api) {
        String token = request.query("access_token");
        if (token == null || token.isEmpty()) {
            throw WeChatError.accessTokenMissing();
        }
        for (OfficialAccount account : directory.accounts()) {
            synchronized (account) {
                switch (account.tokens.check(token, time.now())) {
                    case UNKNOWN -> {
                        continue;
                    }
                    case EXPIRED -> throw WeChatError.accessTokenExpired();
                    case SUPERSEDED -> throw WeChatError.invalidCredential();
                    case VALID -> {
                        if (!account.quotas.tryUse(api, time.today())) {
                            throw WeChatError.dailyQuota();
                        }
                        return account;
                    }
                }
            }
        }
        throw WeChatError.invalidCredential();
    }
}
