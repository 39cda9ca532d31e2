package com.example.hello;

import io.quanyu.plugin.testkit.PluginContractTest;

/** The platform's contract: the package is accepted, every extension is bound and copes with bad input. */
class HelloContractTest extends PluginContractTest {

    @Override
    protected byte[] pluginZip() {
        return HelloPluginZip.build();
    }
}
