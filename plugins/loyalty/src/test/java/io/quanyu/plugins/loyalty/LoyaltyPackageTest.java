package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.testkit.PluginContractTest;

/** The platform's contract: the package is accepted, every extension is bound and copes with bad input. */
class LoyaltyPackageTest extends PluginContractTest {

    @Override
    protected byte[] pluginZip() {
        return LoyaltyZip.build();
    }
}
