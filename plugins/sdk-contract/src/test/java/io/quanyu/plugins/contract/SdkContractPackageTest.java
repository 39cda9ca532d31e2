package io.quanyu.plugins.contract;

import io.quanyu.plugin.testkit.PluginContractTest;

/** The platform's contract: the package is accepted, every extension is bound and copes with bad input. */
class SdkContractPackageTest extends PluginContractTest {

    @Override
    protected byte[] pluginZip() {
        return SdkContractZip.build();
    }
}
