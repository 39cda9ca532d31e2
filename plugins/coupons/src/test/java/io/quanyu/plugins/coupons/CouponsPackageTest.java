package io.quanyu.plugins.coupons;

import io.quanyu.plugin.testkit.PluginContractTest;

/** The platform's contract: the package is accepted, every extension is bound and copes with bad input. */
class CouponsPackageTest extends PluginContractTest {

    @Override
    protected byte[] pluginZip() {
        return CouponsZip.build();
    }
}
