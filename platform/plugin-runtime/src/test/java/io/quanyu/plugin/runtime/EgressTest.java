package io.quanyu.plugin.runtime;

import io.quanyu.core.net.EgressPolicy;

import io.quanyu.plugin.sdk.PluginException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which destinations a release may reach: declared hosts only, public addresses only unless the operator allows. */
class EgressTest {

    @ParameterizedTest(name = "{0} public: {1}")
    @CsvSource({
            "127.0.0.1, false", "127.8.9.10, false", "10.0.0.1, false", "172.16.0.1, false", "172.31.255.255, false",
            "192.168.1.1, false", "169.254.169.254, false", "0.0.0.0, false", "0.1.2.3, false", "100.64.0.1, false",
            "100.127.255.255, false", "192.0.0.8, false", "198.18.0.1, false", "224.0.0.1, false", "240.0.0.1, false",
            "255.255.255.255, false", "::1, false", "::, false", "fe80::1, false", "fc00::1, false", "fd12:3456::1, false",
            "::ffff:127.0.0.1, false", "::ffff:10.0.0.1, false", "64:ff9b::a9fe:a9fe, false", "::a00:1, false",
            "ff02::1, false",
            "8.8.8.8, true", "101.226.103.106, true", "172.32.0.1, true", "100.128.0.1, true", "192.0.1.1, true",
            "198.20.0.1, true", "2400:da00::6666, true", "::ffff:8.8.8.8, true", "64:ff9b::808:808, true"})
    void classifiesAddresses(String address, boolean expected) throws Exception {
        assertThat(EgressPolicy.isPublic(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @Test
    void aHostMustBeDeclaredWithItsPortIfTheEntryNamesOne() {
        Egress egress = Egress.of(List.of("8.8.8.8:443", "[2400:da00::6666]", "*.example.test:25"), EgressPolicy.strict());

        assertThat(egress.check("8.8.8.8", 443)).extracting(InetAddress::getHostAddress).containsExactly("8.8.8.8");
        assertThat(egress.check("[2400:da00::6666]", 8443)).hasSize(1);
        refused(() -> egress.check("8.8.8.8", 80), "EGRESS_NOT_DECLARED");
        refused(() -> egress.check("8.8.4.4", 443), "EGRESS_NOT_DECLARED");
        refused(() -> egress.check("example.test", 25), "EGRESS_NOT_DECLARED");
        refused(() -> egress.check("mail.example.test", 587), "EGRESS_NOT_DECLARED");
        refused(() -> egress.check("evilexample.test", 25), "EGRESS_NOT_DECLARED");
        refused(() -> egress.check(null, 80), "EGRESS_NOT_DECLARED");
        refused(() -> egress.check("mail.example.test", 25), "EGRESS_UNRESOLVED");
    }

    @Test
    void hostsATenantChoseInTheNamedSettingsAreReachableButStillOnlyPublicOnes() {
        List<String> chosen = Egress.hosts(java.util.Map.of("host", " 8.8.4.4:465 ", "bounceHost", "10.0.0.1",
                "label", "not a host!", "evil", "*.example.test", "port", 25), List.of("host", "bounceHost", "label", "evil", "port"));
        assertThat(chosen).containsExactly("8.8.4.4:465", "10.0.0.1");
        Egress egress = Egress.of(List.of("8.8.8.8"), () -> chosen, EgressPolicy.strict());

        assertThat(egress.check("8.8.4.4", 465)).extracting(InetAddress::getHostAddress).containsExactly("8.8.4.4");
        refused(() -> egress.check("8.8.4.4", 25), "EGRESS_NOT_DECLARED");
        refused(() -> egress.check("10.0.0.1", 25), "EGRESS_ADDRESS_BLOCKED");
        refused(() -> egress.check("1.1.1.1", 25), "EGRESS_NOT_DECLARED");
        assertThat(Egress.of(List.of(), () -> chosen, EgressPolicy.allowingPrivate("10.0.0.1")).check("10.0.0.1", 25))
                .extracting(InetAddress::getHostAddress).containsExactly("10.0.0.1");
        assertThat(Egress.hosts(java.util.Map.of("api", "https://8.8.4.4", "fake", "http://127.0.0.1:18085/",
                "sneaky", "https://user@8.8.8.8/", "ftp", "ftp://8.8.8.8"), List.of("api", "fake", "sneaky", "ftp")))
                .as("a URL gives its host and port").containsExactly("8.8.4.4:443", "127.0.0.1:18085");
    }

    @Test
    void aDeclaredPrivateOrMetadataAddressIsBlockedUnlessTheOperatorAllowsThatHost() {
        List<String> declared = List.of("127.0.0.1", "10.0.0.1", "169.254.169.254", "localhost", "LocalHost.:8080");
        Egress strict = Egress.of(declared, EgressPolicy.strict());
        Egress allowing = Egress.of(declared, EgressPolicy.allowingPrivate("localhost", "10.0.0.1:8080"));

        for (String host : List.of("127.0.0.1", "10.0.0.1", "169.254.169.254", "localhost")) {
            refused(() -> strict.check(host, 80), "EGRESS_ADDRESS_BLOCKED");
        }
        assertThat(allowing.check("localhost", 80)).allMatch(InetAddress::isLoopbackAddress);
        assertThat(allowing.check("LOCALHOST.", 8080)).isNotEmpty();
        refused(() -> allowing.check("127.0.0.1", 80), "EGRESS_ADDRESS_BLOCKED");
        refused(() -> allowing.check("10.0.0.1", 80), "EGRESS_ADDRESS_BLOCKED");
        assertThat(allowing.check("10.0.0.1", 8080)).extracting(InetAddress::getHostAddress).containsExactly("10.0.0.1");
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
