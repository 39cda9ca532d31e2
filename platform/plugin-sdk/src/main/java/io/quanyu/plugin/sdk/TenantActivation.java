package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;
import org.pf4j.ExtensionPoint;

/**
 * Lets a plugin check a tenant's settings (for example, that an app secret is accepted by the partner) before the
 * plugin is enabled for that tenant, and veto the enablement with a reason. Optional: a plugin without this
 * extension is enabled whenever its settings match the settings schema.
 */
@PublicSpi
public interface TenantActivation extends ExtensionPoint {

    /** Called with the new settings before the plugin is enabled (or its settings change) for the context's tenant. */
    Decision activate(PluginContext context);

    /** Called after the plugin was disabled for the context's tenant. Contributed objects and data are kept. */
    default void deactivate(PluginContext context) {
    }

    /**
     * The answer to {@link #activate}.
     *
     * @param refusal null to allow; otherwise why not
     */
    @PublicApi
    record Decision(@Nullable Failure refusal) {
        public static Decision allow() {
            return new Decision(null);
        }

        public static Decision refuse(String code, String message) {
            return new Decision(new Failure(code, message));
        }

        public boolean allowed() {
            return refusal == null;
        }
    }
}
