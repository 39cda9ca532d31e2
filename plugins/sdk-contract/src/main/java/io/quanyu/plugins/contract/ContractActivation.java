package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.TenantActivation;
import org.pf4j.Extension;

/** Refuses to enable the plugin for a tenant without a signal token (activation with a refusal code). */
@Extension
public class ContractActivation implements TenantActivation {

    @Override
    public Decision activate(PluginContext context) {
        return RecordProbe.text(context.settings().text("token").orElse(null)).isPresent()
                ? Decision.allow()
                : Decision.refuse("TOKEN_MISSING", "enter the signal token");
    }
}
