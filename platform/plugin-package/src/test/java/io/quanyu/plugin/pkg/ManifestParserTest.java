package io.quanyu.plugin.pkg;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.sdk.Sdk;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class ManifestParserTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static PluginManifest parse(ObjectNode manifest) {
        return ManifestParser.parse(manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static QuanyuException refused(ObjectNode manifest) {
        return catchThrowableOfType(QuanyuException.class, () -> parse(manifest));
    }

    private static ObjectNode schema(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void readsEveryFieldOfTheReadmeExample() {
        PluginManifest m = parse(TestPlugins.manifest());
        assertThat(m.id()).isEqualTo("acme-hello");
        assertThat(m.version()).isEqualTo("1.2.0");
        assertThat(m.provider()).isEqualTo("acmesoft");
        assertThat(m.license()).isEqualTo("Apache-2.0");
        assertThat(m.name().zhCN()).isEqualTo("你好");
        assertThat(m.description().en()).isEqualTo("Greets customers");
        assertThat(m.secretSettings()).containsExactly("apiKey");
        assertThat(m.objectPrefix()).isEqualTo("acmehello");
        assertThat(m.operations()).singleElement().satisfies(op -> {
            assertThat(op.kind()).isEqualTo(OperationKind.QUERY);
            assertThat(op.input().path("required").get(0).asString()).isEqualTo("name");
        });
        assertThat(m.objects()).containsExactly("objects/hello_card.json");
        assertThat(m.events()).extracting(EventSpec::type).containsExactly("hello.greeted");
        assertThat(m.channels().getFirst().identityTypes()).containsExactly("phone");
        assertThat(m.actions()).extracting(ActionSpec::name).containsExactly("sendHello");
        assertThat(m.triggers().getFirst().eventTypes()).containsExactly("hello.greeted");
        assertThat(m.webhooks()).extracting(WebhookSpec::path).containsExactly("callback");
        assertThat(m.jobs()).containsExactly(new JobSpec("refresh", Duration.ofMinutes(15)));
        assertThat(m.widgets().getFirst().title().zhCN()).isEqualTo("问候数");
        assertThat(m.declaresExtensions()).isTrue();
    }

    @Test
    void fillsOptionalPartsOfAMinimalManifest() {
        ObjectNode minimal = JSON.createObjectNode().put("id", "tiny").put("version", "0.1.0")
                .put("requires", "*").put("provider", "acmesoft");
        minimal.putObject("name").put("en", "Tiny");
        PluginManifest m = parse(minimal);
        assertThat(m.settings().toString()).isEqualTo("{\"type\":\"object\"}");
        assertThat(m.operations()).isEmpty();
        assertThat(m.jobs()).isEmpty();
        assertThat(m.secretSettings()).isEmpty();
        assertThat(m.declaresExtensions()).isFalse();
    }

    @Test
    void refusesSomethingThatIsNotJson() {
        var e = catchThrowableOfType(QuanyuException.class,
                () -> ManifestParser.parse("{\"id\": ".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_MANIFEST_INVALID);
        assertThat(e.violations()).extracting(FieldViolation::code).containsExactly("syntax");
    }

    @Test
    void refusesDuplicateKeys() {
        var e = catchThrowableOfType(QuanyuException.class, () -> ManifestParser.parse(
                "{\"id\": \"a-b-c\", \"id\": \"x-y-z\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_MANIFEST_INVALID);
    }

    @Test
    void listsEveryShapeProblemWithItsPointer() {
        ObjectNode manifest = TestPlugins.manifest();
        manifest.remove("id");
        manifest.put("homepage", "https://acme.example");
        ((ObjectNode) manifest.withArray("operations").get(0)).put("kind", "subscription");
        var e = refused(manifest);
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_MANIFEST_INVALID);
        assertThat(e.violations()).extracting(FieldViolation::pointer)
                .contains("/id", "/homepage", "/operations/0/kind");
    }

    @Test
    void listsEveryMeaningProblemTogether() {
        ObjectNode manifest = TestPlugins.manifest().put("version", "1.2").put("requires", ">=1.0.0 &&& banana");
        manifest.withArray("operations").add(manifest.withArray("operations").get(0).deepCopy());
        var e = refused(manifest);
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_MANIFEST_INVALID);
        assertThat(e.violations()).extracting(FieldViolation::pointer, FieldViolation::code).containsExactlyInAnyOrder(
                tuple("/version", "semver"),
                tuple("/requires", "range"),
                tuple("/operations/1/name", "duplicate"));
    }

    @Test
    void aSubscriptionsFilterIsARuleOfTheConditionLanguageAndTimeoutsAreSecondsOrMinutesPerKind() {
        ObjectNode manifest = TestPlugins.manifest();
        manifest.putArray("subscriptions").addObject().put("name", "orders").set("eventTypes",
                manifest.arrayNode().add("order"));
        ((ObjectNode) manifest.withArray("subscriptions").get(0)).set("filter", manifest.objectNode()
                .put("field", "properties.amount").put("op", "bigger").put("value", 1));
        var e = refused(manifest);
        assertThat(e.violations()).extracting(FieldViolation::pointer).anyMatch(p -> p.startsWith("/subscriptions/0/filter/"));

        // a filter sees one event, never the customer's past ones: a behaviour condition there is refused
        ((ObjectNode) manifest.withArray("subscriptions").get(0)).set("filter", manifest.objectNode().set("any",
                manifest.arrayNode().add(manifest.objectNode().put("field", "channel").put("op", "eq").put("value", "app"))
                        .add(manifest.objectNode().set("behavior", manifest.objectNode().put("event", "order").put("op", "gte")
                                .put("value", 2)))));
        assertThat(refused(manifest).violations()).extracting(FieldViolation::pointer, FieldViolation::code)
                .containsExactly(tuple("/subscriptions/0/filter/any/1/behavior", "unsupported"));

        ((ObjectNode) manifest.withArray("subscriptions").get(0)).set("filter", manifest.objectNode()
                .put("field", "properties.amount").put("op", "gte").put("value", 100));
        manifest.putObject("timeouts").put("job", "PT2M").put("subscriber", "PT90S");
        manifest.putArray("uses").addObject().put("plugin", "loyalty").set("operations", manifest.arrayNode().add("grant"));
        PluginManifest parsed = ManifestParser.parse(manifest.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.subscriptions().getFirst().filter()).isNotNull();
        assertThat(parsed.timeouts()).containsEntry("job", java.time.Duration.ofMinutes(2))
                .containsEntry("subscriber", java.time.Duration.ofSeconds(90));
        assertThat(parsed.uses()).containsEntry("loyalty", java.util.Set.of("grant"));

        manifest.putObject("timeouts").put("job", "P1D");
        assertThat(refused(manifest).violations()).extracting(FieldViolation::pointer).contains("/timeouts/job");
    }

    /** A page over the example's card type: the greet query on each card and the widget. */
    static ObjectNode withPage(ObjectNode manifest) {
        ObjectNode page = manifest.putArray("pages").addObject().put("name", "cards").put("object", "acmehelloCard");
        page.putObject("title").put("en", "Cards").put("zh-CN", "卡片");
        page.putArray("columns").add("title").add("sentAt");
        page.putArray("filters").add("title");
        ObjectNode row = page.putArray("rowActions").addObject().put("operation", "greet");
        row.putObject("title").put("en", "Greet");
        row.putObject("input").put("name", "$title");
        ObjectNode top = page.putArray("actions").addObject().put("operation", "greet");
        top.putObject("title").put("en", "Greet someone").put("zh-CN", "问候");
        top.putObject("input").put("name", "Ann");
        page.putArray("widgets").add("greetingsPerDay");
        return manifest;
    }

    @Test
    void readsPagesAndBindsARowActionsInputToTheRecord() {
        PluginManifest parsed = parse(withPage(TestPlugins.manifest()));
        PageSpec page = parsed.pages().getFirst();
        assertThat(page.name()).isEqualTo("cards");
        assertThat(page.title().in("zh-CN")).isEqualTo("卡片");
        assertThat(page.object()).isEqualTo("acmehelloCard");
        assertThat(page.columns()).containsExactly("title", "sentAt");
        assertThat(page.filters()).containsExactly("title");
        assertThat(page.widgets()).containsExactly("greetingsPerDay");
        PageSpec.Action greet = page.rowActions().getFirst();
        assertThat(greet.title().in("zh-CN")).as("zh-CN falls back to en").isEqualTo("Greet");
        ObjectNode card = JSON.createObjectNode().put("id", "c1").put("title", "Hi Bo");
        assertThat(greet.presetFor(card::get)).containsOnlyKeys("name");
        assertThat(greet.presetFor(card::get).get("name").asString()).isEqualTo("Hi Bo");
        assertThat(greet.presetFor(f -> null)).as("a missing value is left for the user").isEmpty();
        assertThat(page.actions().getFirst().presetFor(f -> null).get("name").asString()).isEqualTo("Ann");
        assertThat(parse(TestPlugins.manifest()).pages()).isEmpty();
    }

    @Test
    void refusesPagesThatShowNothingOrNameWhatTheManifestDoesNotDeclare() {
        ObjectNode manifest = withPage(TestPlugins.manifest());
        ObjectNode page = (ObjectNode) manifest.withArray("pages").get(0);
        ((ObjectNode) page.withArray("rowActions").get(0)).put("operation", "wave");
        ((ObjectNode) page.withArray("actions").get(0)).putObject("input").put("name", "$title").put("age", 3);
        page.withArray("widgets").add("nope");
        ObjectNode empty = manifest.withArray("pages").addObject().put("name", "empty");
        empty.putObject("title").put("en", "Empty");
        empty.putArray("columns").add("title");
        manifest.withArray("pages").add(manifest.objectNode().put("name", "cards").set("title",
                manifest.objectNode().put("en", "Again")));
        manifest.withArray("pages").addObject().put("name", "Bad Name");

        var e = refused(manifest);

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_MANIFEST_INVALID);
        assertThat(e.violations()).extracting(FieldViolation::pointer, FieldViolation::code).contains(
                tuple("/pages/0/rowActions/0/operation", "unknown"),
                tuple("/pages/0/actions/0/input/name", "binding"),
                tuple("/pages/0/actions/0/input/age", "unknown"),
                tuple("/pages/0/widgets/1", "unknown"),
                tuple("/pages/1", "empty"),
                tuple("/pages/1/columns", "requiresObject"));
        assertThat(e.violations()).extracting(FieldViolation::pointer).anyMatch(p -> p.startsWith("/pages/3"));
    }

    @Test
    void refusesAnSdkRangeThisPlatformIsNotIn() {
        var e = refused(TestPlugins.manifest().put("requires", ">=2.0.0"));
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_SDK_INCOMPATIBLE);
        assertThat(e.details()).containsEntry("plugin", "acme-hello").containsEntry("requires", ">=2.0.0")
                .containsEntry("sdk", Sdk.VERSION);
    }

    @Test
    void refusesSettingsThatAreNotAJsonSchema() {
        ObjectNode manifest = TestPlugins.manifest();
        manifest.set("settings", schema("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"strnig\"}}}"));
        var e = refused(manifest);
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_MANIFEST_INVALID);
        assertThat(e.violations()).allSatisfy(v -> assertThat(v.pointer()).startsWith("/settings"));
    }

    @Test
    void refusesSchemasOfSomethingOtherThanAnObject() {
        ObjectNode manifest = TestPlugins.manifest();
        manifest.set("settings", schema("{\"type\": \"string\"}"));
        ((ObjectNode) manifest.withArray("actions").get(0)).set("parameters", schema("{\"properties\": {}}"));
        var e = refused(manifest);
        assertThat(e.violations()).extracting(FieldViolation::pointer)
                .contains("/settings/type", "/actions/0/parameters/type");
    }

    @Test
    void refusesSchemasThatReachOutsideTheManifest() {
        ObjectNode manifest = TestPlugins.manifest();
        manifest.set("settings", schema("""
                {"type": "object", "properties": {"a": {"$ref": "https://evil.example/schema.json"}},
                 "$defs": {"b": {"$id": "urn:quanyu:schema:object-type"}}}"""));
        var e = refused(manifest);
        assertThat(e.violations()).extracting(FieldViolation::pointer, FieldViolation::code).containsExactlyInAnyOrder(
                tuple("/settings/properties/a/$ref", "externalReference"),
                tuple("/settings/$defs/b/$id", "externalReference"));
    }

    @Test
    void acceptsLocalReferencesInSchemas() {
        ObjectNode manifest = TestPlugins.manifest();
        manifest.set("settings", schema("""
                {"type": "object", "properties": {"a": {"$ref": "#/$defs/b"}}, "$defs": {"b": {"type": "string"}}}"""));
        assertThat(parse(manifest).settings().path("$defs").has("b")).isTrue();
    }

    @Test
    void refusesDuplicateNamesPerKind() {
        ObjectNode manifest = TestPlugins.manifest();
        ArrayNode jobs = manifest.withArray("jobs");
        jobs.add(jobs.get(0).deepCopy());
        manifest.withArray("webhooks").add(manifest.withArray("webhooks").get(0).deepCopy());
        manifest.withArray("objects").add("objects/hello_card.json");
        var e = refused(manifest);
        assertThat(e.violations()).extracting(FieldViolation::pointer)
                .containsExactlyInAnyOrder("/jobs/1/name", "/webhooks/1/path", "/objects/1");
    }

    @Test
    void refusesJobsMoreOftenThanAMinuteOrWithoutADuration() {
        ObjectNode manifest = TestPlugins.manifest();
        ArrayNode jobs = manifest.withArray("jobs");
        jobs.removeAll();
        jobs.addObject().put("name", "fast").put("every", "PT30S");
        jobs.addObject().put("name", "odd").put("every", "P1X");
        var e = refused(manifest);
        assertThat(e.violations()).extracting(FieldViolation::pointer, FieldViolation::code).containsExactlyInAnyOrder(
                tuple("/jobs/0/every", "range"),
                tuple("/jobs/1/every", "format"));
    }

    @Test
    void refusesABadIdWithThePattern() {
        assertThatThrownBy(() -> parse(TestPlugins.manifest().put("id", "Acme_Hello")))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::pointer, FieldViolation::code)
                        .containsExactly(tuple("/id", "pattern")));
    }

    @Test
    void readsEgressAndSubscriptionsAndRefusesBadEntriesAndDuplicateNames() {
        ObjectNode manifest = TestPlugins.manifest();
        manifest.putArray("egress").add("api.weixin.qq.com").add("smtp.exmail.qq.com:465").add("*.partner.cn")
                .add("[2400:da00::6666]:443").add("10.0.0.1");
        manifest.putArray("subscriptions").addObject().put("name", "orders").putArray("eventTypes").add("order.paid");
        PluginManifest parsed = parse(manifest);
        assertThat(parsed.egress()).containsExactly("api.weixin.qq.com", "smtp.exmail.qq.com:465", "*.partner.cn",
                "[2400:da00::6666]:443", "10.0.0.1");
        assertThat(parsed.subscriptions()).singleElement().satisfies(sub -> {
            assertThat(sub.name()).isEqualTo("orders");
            assertThat(sub.eventTypes()).containsExactly("order.paid");
        });

        manifest.putArray("egress").add("https://api.weixin.qq.com").add("API.partner.cn").add("partner.cn:70000")
                .add("partner.cn:0").add("a..b");
        manifest.withArray("subscriptions").add(manifest.withArray("subscriptions").get(0).deepCopy());
        manifest.putArray("tasks").add(JSON.createObjectNode().put("name", "expire")).add(JSON.createObjectNode().put("name", "expire"));
        var e = refused(manifest);
        assertThat(e.violations()).extracting(FieldViolation::pointer).contains("/egress/0", "/egress/1", "/egress/2",
                "/egress/3", "/egress/4", "/subscriptions/1/name", "/tasks/1/name");
    }

    @Test
    void egressSettingsNameTextSettingsOnly() {
        ObjectNode manifest = TestPlugins.manifest();
        ObjectNode properties = manifest.putObject("settings").put("type", "object").putObject("properties");
        properties.putObject("host").put("type", "string");
        properties.putObject("port").put("type", "integer");
        manifest.putArray("egressSettings").add("host");
        assertThat(parse(manifest).egressSettings()).containsExactly("host");

        manifest.putArray("egressSettings").add("host").add("port").add("missing").add("Bad-Name");
        assertThat(refused(manifest).violations()).extracting(FieldViolation::pointer)
                .contains("/egressSettings/1", "/egressSettings/2", "/egressSettings/3").doesNotContain("/egressSettings/0");
    }
}
