package io.quanyu.plugin.pkg;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.ObjectType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class PackageReaderTest {
    private static final PackageReader READER = new PackageReader(PackageLimits.defaults());

    private static QuanyuException refused(byte[] zip) {
        return refused(READER, zip);
    }

    private static QuanyuException refused(PackageReader reader, byte[] zip) {
        QuanyuException e = catchThrowableOfType(QuanyuException.class, () -> reader.read(zip));
        assertThat(e).as("the package should be refused").isNotNull();
        return e;
    }

    private static QuanyuException refusedWith(TestZip zip, ErrorCode code) {
        QuanyuException e = refused(zip.bytes());
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        return e;
    }

    @Test
    void readsAValidPackage() {
        byte[] zip = TestPlugins.zip().bytes();
        PluginPackage pkg = READER.read(zip);
        assertThat(pkg.id()).isEqualTo("acme-hello");
        assertThat(pkg.version()).isEqualTo("1.2.0");
        assertThat(pkg.objects()).extracting(ObjectType::apiName).containsExactly("acmehelloCard");
        assertThat(pkg.objects().getFirst().fields()).hasSize(2);
        assertThat(pkg.sha512()).isEqualTo(ReleaseSignatures.sha512(zip)).hasSize(128).isLowerCase();
        assertThat(pkg.size()).isEqualTo(zip.length);
        assertThat(pkg.zip()).isSameAs(zip);
    }

    @Test
    void aPageListsOneOfThePluginsOwnTypesAndNamesOnlyItsFields() {
        ObjectNode manifest = ManifestParserTest.withPage(TestPlugins.manifest());
        assertThat(READER.read(TestPlugins.zip(manifest).bytes()).manifest().pages()).hasSize(1);

        ObjectNode page = (ObjectNode) manifest.withArray("pages").get(0);
        page.withArray("columns").add("colour");
        page.withArray("filters").add("size");
        ((ObjectNode) page.withArray("rowActions").get(0)).putObject("input").put("name", "$owner");
        var e = refusedWith(TestPlugins.zip(manifest), ErrorCode.PLUGIN_MANIFEST_INVALID);
        assertThat(e.violations()).extracting(FieldViolation::pointer).containsExactlyInAnyOrder(
                "/pages/0/columns/2", "/pages/0/filters/1", "/pages/0/rowActions/0/input/name");

        page.put("object", "acmehelloOther");
        e = refusedWith(TestPlugins.zip(manifest), ErrorCode.PLUGIN_MANIFEST_INVALID);
        assertThat(e.violations()).extracting(FieldViolation::pointer).containsExactly("/pages/0/object");
    }

    @Test
    void refusesAPackageOverTheCompressedLimit() {
        var reader = new PackageReader(new PackageLimits(1000, 100_000, 10, 100));
        var e = refused(reader, new byte[1001]);
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_PACKAGE_TOO_LARGE);
        assertThat(e.details()).containsEntry("limit", 1000L);
    }

    @Test
    void refusesSomethingThatIsNotAZip() {
        var e = refused("just some text, not a zip".getBytes());
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_PACKAGE_CORRUPT);
    }

    @Test
    void refusesATruncatedZip() {
        byte[] zip = TestPlugins.zip().bytes();
        assertThat(refused(Arrays.copyOf(zip, zip.length / 2)).code()).isEqualTo(ErrorCode.PLUGIN_PACKAGE_CORRUPT);
        assertThat(refused(Arrays.copyOf(zip, zip.length - 30)).code()).isEqualTo(ErrorCode.PLUGIN_PACKAGE_CORRUPT);
    }

    @Test
    void refusesAnEntryWithABadCrc() {
        byte[] zip = TestPlugins.zip().stored().with("classes/data.txt", "AAAAAAAAAAAAAAAAAAAA").bytes();
        byte[] damaged = TestZip.replaceAll(zip, "AAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAABAAAAAAAAA");
        var e = refused(damaged);
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_PACKAGE_CORRUPT);
        assertThat(e.getMessage()).containsIgnoringCase("crc");
    }

    @Test
    void refusesAZipWhoseCentralDirectoryDisagreesWithItsEntries() {
        byte[] zip = TestPlugins.zip().with("classes/evil1.class", "x").bytes();
        var e = refused(TestZip.replaceLast(zip, "classes/evil1.class", "classes/evil2.class"));
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_PACKAGE_CORRUPT);
        assertThat(e.details().get("reason").toString()).contains("central directory");
    }

    @Test
    void refusesZipSlipEntries() {
        for (String name : new String[]{"../evil.txt", "classes/../../evil.txt", "classes/./a.class", "classes//a"}) {
            var e = refusedWith(TestPlugins.zip().with(name, "x"), ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY);
            assertThat(e.details()).containsEntry("entry", name);
        }
    }

    @Test
    void refusesAbsolutePathsAndDriveLetters() {
        refusedWith(TestPlugins.zip().with("/etc/cron.d/evil", "x"), ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY);
        var e = refusedWith(TestPlugins.zip().with("C:/Windows/evil.dll", "x"), ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY);
        assertThat(e.details()).containsEntry("reason", "drive letter");
    }

    @Test
    void refusesBackslashesAndNulCharacters() {
        var e = refusedWith(TestPlugins.zip().with("classes\\..\\..\\evil.class", "x"), ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY);
        assertThat(e.details()).containsEntry("reason", "backslash in the name");
        e = refusedWith(TestPlugins.zip().with("classes/a.class\0.txt", "x"), ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY);
        assertThat(e.details()).containsEntry("entry", "classes/a.class\\u0000.txt");
    }

    @Test
    void refusesDuplicateEntries() {
        byte[] zip = TestPlugins.zip().with("classes/dup1.class", "a").with("classes/dup2.class", "b").bytes();
        var e = refused(TestZip.replaceAll(zip, "classes/dup2.class", "classes/dup1.class"));
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY);
        assertThat(e.details()).containsEntry("reason", "duplicate entry").containsEntry("entry", "classes/dup1.class");
    }

    @Test
    void refusesEntriesThatDifferOnlyInCase() {
        refusedWith(TestPlugins.zip().with("classes/A.class", "a").with("classes/a.class", "b"),
                ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY);
    }

    @Test
    void refusesEntriesOutsideTheThreeFolders() {
        refusedWith(TestPlugins.zip().with("docs/readme.txt", "x"), ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID);
        refusedWith(TestPlugins.zip().with("META-INF/MANIFEST.MF", "x"), ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID);
        refusedWith(TestPlugins.zip().with("plugin.json", "{}"), ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID);
    }

    @Test
    void stopsAZipBombByItsCompressionRatio() {
        var e = refusedWith(TestPlugins.zip().with("classes/zeros.bin", new byte[50 * 1024 * 1024]),
                ErrorCode.PLUGIN_PACKAGE_TOO_LARGE);
        assertThat(e.details()).containsEntry("entry", "classes/zeros.bin").containsEntry("limit", 100L);
    }

    @Test
    void stopsAPackageOverTheUncompressedLimit() {
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        var reader = new PackageReader(new PackageLimits(10_000_000, 200_000, 100, 100));
        var e = refused(reader, TestPlugins.zip().with("classes/noise.bin", noise).bytes());
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_PACKAGE_TOO_LARGE);
        assertThat(e.details()).containsEntry("limit", 200_000L);
    }

    @Test
    void refusesTooManyEntries() {
        var reader = new PackageReader(new PackageLimits(10_000_000, 10_000_000, 5, 100));
        var e = refused(reader, TestPlugins.zip().bytes());
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_PACKAGE_TOO_LARGE);
        assertThat(e.details()).containsEntry("limit", 5L);
    }

    @Test
    void refusesALibraryThatIsNotAJar() {
        var e = refusedWith(TestPlugins.zip().with("lib/broken.jar", "not a zip"), ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID);
        assertThat(e.details()).containsEntry("entry", "lib/broken.jar");
        refusedWith(TestPlugins.zip().with("lib/notes.txt", TestPlugins.jar()), ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID);
        refusedWith(TestPlugins.zip().with("lib/nested/a.jar", TestPlugins.jar()), ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID);
    }

    @Test
    void refusesBundledHostLibraries() {
        for (String jar : new String[]{"quanyu-plugin-sdk-1.0.0.jar", "pf4j-3.15.0.jar", "slf4j-api-2.0.17.jar",
                "jspecify-1.0.0.jar", "SLF4J-simple.jar"}) {
            var e = refusedWith(TestPlugins.zip().with("lib/" + jar, TestPlugins.jar()),
                    ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID);
            assertThat(e.details().get("reason").toString()).contains("provided by the platform");
        }
    }

    @Test
    void requiresTheExtensionIndexOnlyWhenExtensionsAreDeclared() {
        refusedWith(TestPlugins.zip().without("classes/META-INF/extensions.idx"), ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID);
        ObjectNode dataOnly = TestPlugins.manifest();
        for (String kind : new String[]{"operations", "channels", "actions", "triggers", "webhooks", "jobs", "widgets"}) {
            dataOnly.remove(kind);
        }
        PluginPackage pkg = READER.read(TestPlugins.zip(dataOnly).without("classes/META-INF/extensions.idx").bytes());
        assertThat(pkg.objects()).hasSize(1);
    }

    @Test
    void refusesAPackageWithoutManifest() {
        refusedWith(TestPlugins.zip().without(TestPlugins.MANIFEST), ErrorCode.PLUGIN_MANIFEST_MISSING);
    }

    @Test
    void refusesAnInvalidManifest() {
        refusedWith(TestPlugins.zip().with(TestPlugins.MANIFEST, "not json"), ErrorCode.PLUGIN_MANIFEST_INVALID);
        ObjectNode noId = TestPlugins.manifest();
        noId.remove("id");
        var e = refusedWith(TestPlugins.zip(noId), ErrorCode.PLUGIN_MANIFEST_INVALID);
        assertThat(e.violations()).extracting(FieldViolation::pointer).containsExactly("/id");
        refusedWith(TestPlugins.zip(TestPlugins.manifest().put("requires", ">=2.0.0")), ErrorCode.PLUGIN_SDK_INCOMPATIBLE);
    }

    @Test
    void refusesAMissingObjectFile() {
        var e = refusedWith(TestPlugins.zip().without(TestPlugins.OBJECT), ErrorCode.PLUGIN_MANIFEST_INVALID);
        assertThat(e.violations()).extracting(FieldViolation::pointer, FieldViolation::code)
                .containsExactly(tuple("/objects/0", "missingFile"));
    }

    @Test
    void refusesObjectsWithoutThePluginsPrefix() {
        var zip = TestPlugins.zip().with(TestPlugins.OBJECT,
                "{\"apiName\": \"card\", \"label\": {\"en\": \"Card\"}, \"fields\": [{\"apiName\": \"title\", \"type\": \"text\", \"label\": {\"en\": \"Title\"}}]}");
        var e = refusedWith(zip, ErrorCode.OBJECT_DEFINITION_INVALID);
        assertThat(e.details()).containsEntry("entry", TestPlugins.OBJECT);
        assertThat(e.violations()).extracting(FieldViolation::code).containsExactly("prefix");
    }

    @Test
    void refusesAnInvalidObjectDefinition() {
        var zip = TestPlugins.zip().with(TestPlugins.OBJECT,
                "{\"apiName\": \"acmehelloCard\", \"label\": {\"en\": \"Card\"}, \"fields\": [{\"apiName\": \"n\", \"type\": \"integer\", \"label\": {\"en\": \"N\"}, \"min\": 5, \"max\": 1}]}");
        var e = refusedWith(zip, ErrorCode.OBJECT_DEFINITION_INVALID);
        assertThat(e.violations()).extracting(FieldViolation::pointer).containsExactly("/fields/0/max");
        refusedWith(TestPlugins.zip().with(TestPlugins.OBJECT, "[1, 2]"), ErrorCode.OBJECT_DEFINITION_INVALID);
    }

    @Test
    void letsObjectsReferToEachOtherByTheirFullNames() {
        ObjectNode manifest = TestPlugins.manifest();
        manifest.withArray("objects").add("objects/hello_reply.json");
        var zip = TestPlugins.zip(manifest).with("META-INF/quanyu/objects/hello_reply.json", """
                {"apiName": "acmehelloReply", "label": {"en": "Reply"},
                 "fields": [{"apiName": "card", "type": "reference", "label": {"en": "Card"}, "target": "acmehelloCard"},
                            {"apiName": "customer", "type": "reference", "label": {"en": "Customer"}, "target": "customer"}]}""");
        PluginPackage pkg = READER.read(zip.bytes());
        assertThat(pkg.objects().get(1).field("card").orElseThrow().target()).isEqualTo("acmehelloCard");
        var dangling = TestPlugins.zip(manifest).with("META-INF/quanyu/objects/hello_reply.json", """
                {"apiName": "acmehelloReply", "label": {"en": "Reply"},
                 "fields": [{"apiName": "card", "type": "reference", "label": {"en": "Card"}, "target": "acmehelloNothing"}]}""");
        refusedWith(dangling, ErrorCode.OBJECT_DEFINITION_INVALID);
    }
}
