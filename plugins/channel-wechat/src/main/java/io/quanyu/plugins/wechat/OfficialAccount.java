package io.quanyu.plugins.wechat;

import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;

/**
 * One of the tenant's official accounts, as its settings describe it.
 *
 * @param appId          the AppID, which scopes its followers' openids
 * @param appSecret      the AppSecret, for access tokens and OAuth
 * @param token          the callback token, which signs callbacks
 * @param encodingAesKey the EncodingAESKey of the encrypted modes; empty when not set
 * @param mode           how callbacks come
 * @param hosts          the api, mp and open hosts to reach WeChat at
 */
record OfficialAccount(String appId, String appSecret, String token, String encodingAesKey, MessageMode mode,
                       WxMpHostConfig hosts) {

    /**
     * The account as WxJava describes one: the value WxJava's crypto takes and its API URL enums resolve against
     * (the plugin never lets WxJava open a connection).
     */
    WxMpDefaultConfigImpl wxConfig() {
        WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
        config.setAppId(appId);
        config.setSecret(appSecret);
        config.setToken(token);
        config.setAesKey(encodingAesKey.isEmpty() ? null : encodingAesKey);
        config.setHostConfig(hosts);
        return config;
    }
}
