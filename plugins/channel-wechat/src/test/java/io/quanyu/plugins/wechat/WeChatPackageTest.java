package io.quanyu.plugins.wechat;

import io.quanyu.plugin.testkit.PluginContractTest;

/** The platform's contract: the package is accepted, every extension is bound and copes with bad input. */
class WeChatPackageTest extends PluginContractTest {

    @Override
    protected byte[] pluginZip() {
        return WeChatPluginZip.release();
    }
}
