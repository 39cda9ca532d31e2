package io.quanyu.plugins.sms;

import io.quanyu.plugin.testkit.PluginContractTest;

/** The platform's contract: the package is accepted, every extension is bound and copes with bad input. */
class SmsPackageTest extends PluginContractTest {

    @Override
    protected byte[] pluginZip() {
        return SmsPluginZip.release();
    }
}
