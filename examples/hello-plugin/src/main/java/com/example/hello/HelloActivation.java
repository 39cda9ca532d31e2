package com.example.hello;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.TenantActivation;
import org.pf4j.Extension;

/** Refuses to enable the plugin for a tenant whose API key is empty. */
@Extension
public class HelloActivation implements TenantActivation {

    @Override
    public Decision activate(PluginContext context) {
        boolean hasKey = context.settings().text("apiKey").filter(key -> !key.isBlank()).isPresent();
        return hasKey ? Decision.allow() : Decision.refuse("API_KEY_MISSING", "enter the API key acmesoft gave you");
    }
}
