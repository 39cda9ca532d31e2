package io.quanyu.plugins.email;

import io.quanyu.plugin.testkit.PluginContractTest;

/** The platform's contract: the package is accepted, every extension is bound and copes with bad input. */
class EmailPackageTest extends PluginContractTest {

    @Override
    protected byte[] pluginZip() {
        return EmailPluginZip.release();
    }
}
