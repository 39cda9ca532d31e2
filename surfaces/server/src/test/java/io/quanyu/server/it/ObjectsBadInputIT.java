package io.quanyu.server.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad records and bad object definitions through the API: each a 4xx with a stable code, and nothing written. */
class ObjectsBadInputIT extends RealServersIT {
    private String token;
    private String object;
    private long objectsBefore;

    @BeforeEach
    void define() {
        token = Tokens.demo("acme-builder");
        object = "card" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        var created = api().post("/api/v1/metadata/objects", token, """
                {"apiName": "%s", "label": {"en": "Card"}, "fields": [
                  {"apiName": "no", "type": "text", "label": {"en": "No"}, "required": true, "maxLength": 20},
                  {"apiName": "points", "type": "integer", "label": {"en": "Points"}, "min": 0},
                  {"apiName": "rate", "type": "decimal", "label": {"en": "Rate"}, "precision": 5, "scale": 2},
                  {"apiName": "tier", "type": "singleSelect", "label": {"en": "Tier"},
                   "options": [{"value": "gold", "label": {"en": "Gold"}}]},
                  {"apiName": "phone", "type": "phone", "label": {"en": "Phone"}},
                  {"apiName": "email", "type": "email", "label": {"en": "Email"}},
                  {"apiName": "since", "type": "date", "label": {"en": "Since"}},
                  {"apiName": "extra", "type": "json", "label": {"en": "Extra"}},
                  {"apiName": "owner", "type": "reference", "label": {"en": "Owner"}, "target": "customer"},
                  {"apiName": "price", "type": "currency", "label": {"en": "Price"}},
                  {"apiName": "twice", "type": "formula", "label": {"en": "x2"}, "expression": "points * 2", "resultType": "integer"}
                ]}
                """.formatted(object));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        objectsBefore = api().get("/api/v1/metadata/objects", token).json().size();
    }

    /** Each test's object goes again: the suite shares tenant acme, whose quota is 50 object types. */
    @AfterEach
    void dropObject() {
        api().delete("/api/v1/metadata/objects/" + object, token);
    }

    private long count() {
        return api().post("/api/v1/records/" + object + "/query", token, "{}").json().path("totalCount").asLong();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "missing required|{}|400|RECORD_VALIDATION_FAILED|/no",
            "wrong type text|{\"no\": 5}|400|RECORD_VALIDATION_FAILED|/no",
            "wrong type integer|{\"no\": \"a\", \"points\": \"5\"}|400|RECORD_VALIDATION_FAILED|/points",
            "fraction for integer|{\"no\": \"a\", \"points\": 1.5}|400|RECORD_VALIDATION_FAILED|/points",
            "negative below min|{\"no\": \"a\", \"points\": -1}|400|RECORD_VALIDATION_FAILED|/points",
            "too many decimals|{\"no\": \"a\", \"rate\": 1.005}|400|RECORD_VALIDATION_FAILED|/rate",
            "too many digits|{\"no\": \"a\", \"rate\": 12345.5}|400|RECORD_VALIDATION_FAILED|/rate",
            "unknown field|{\"no\": \"a\", \"colour\": \"red\"}|400|RECORD_VALIDATION_FAILED|/colour",
            "dollar key|{\"no\": \"a\", \"$set\": {\"points\": 1}}|400|RECORD_VALIDATION_FAILED|/$set",
            "dotted key|{\"no\": \"a\", \"points.x\": 1}|400|RECORD_VALIDATION_FAILED|/points.x",
            "dollar key in json|{\"no\": \"a\", \"extra\": {\"$where\": \"1\"}}|400|RECORD_VALIDATION_FAILED|/extra/$where",
            "dotted key in json|{\"no\": \"a\", \"extra\": {\"a.b\": 1}}|400|RECORD_VALIDATION_FAILED|/extra/a.b",
            "unknown option|{\"no\": \"a\", \"tier\": \"platinum\"}|400|RECORD_VALIDATION_FAILED|/tier",
            "invalid phone|{\"no\": \"a\", \"phone\": \"12345\"}|400|RECORD_VALIDATION_FAILED|/phone",
            "invalid email|{\"no\": \"a\", \"email\": \"nobody\"}|400|RECORD_VALIDATION_FAILED|/email",
            "invalid date|{\"no\": \"a\", \"since\": \"2026-02-30\"}|400|RECORD_VALIDATION_FAILED|/since",
            "dangling reference|{\"no\": \"a\", \"owner\": \"doesnotexist\"}|400|RECORD_VALIDATION_FAILED|/owner",
            "currency code|{\"no\": \"a\", \"price\": {\"amount\": 1, \"currency\": \"ABC\"}}|400|RECORD_VALIDATION_FAILED|/price/currency",
            "write formula|{\"no\": \"a\", \"twice\": 2}|400|RECORD_VALIDATION_FAILED|/twice",
            "write platform field|{\"no\": \"a\", \"_id\": \"mine\"}|400|RECORD_VALIDATION_FAILED|/_id",
            "text too long|{\"no\": \"abcdefghijklmnopqrstuvwxyz\"}|400|RECORD_VALIDATION_FAILED|/no",
            "array instead of object|[1, 2]|400|RECORD_VALIDATION_FAILED|",
            "not json|{\"no\": |400|MALFORMED_REQUEST|",
            "duplicate key|{\"no\": \"a\", \"no\": \"b\"}|400|MALFORMED_REQUEST|/no",
            "duplicate key in json|{\"no\": \"a\", \"extra\": {\"k\": 1, \"k\": 2}}|400|MALFORMED_REQUEST|/extra/k",
            "integer beyond a double|{\"no\": \"a\", \"points\": 1e400}|400|RECORD_VALIDATION_FAILED|/points",
            "whole number beyond 64 bits in json|{\"no\": \"a\", \"extra\": {\"n\": 9223372036854775808}}|400|RECORD_VALIDATION_FAILED|/extra/n",
    })
    void badRecordsAreRefused(String name, String body, int status, String code, String pointer) {
        var reply = api().post("/api/v1/records/" + object, token, body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
        assertThat(reply.code()).isEqualTo(code);
        if (pointer != null) {
            assertThat(reply.json().path("violations").findValuesAsString("pointer")).contains(pointer);
        }
        assertThat(count()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "record|/api/v1/records/OBJECT|{\"no\": \"a\", \"no\": \"b\"}|/no",
            "nested in a record|/api/v1/records/OBJECT|{\"no\": \"a\", \"extra\": {\"list\": [{\"k\": 1, \"k\": 2}]}}|/extra/list/0/k",
            "graphql|/graphql|{\"query\": \"{ __typename }\", \"query\": \"{ customers { totalCount } }\"}|/query",
            "events|/api/v1/events|{\"events\": [{\"eventId\": \"e1\", \"type\": \"view\", \"type\": \"buy\"}]}|/events/0/type",
    })
    void aKeyGivenTwiceIsRefusedByEveryJsonEndpoint(String name, String path, String body, String pointer) {
        var reply = api().post(path.replace("OBJECT", object), token, body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(reply.json().path("violations").get(0).path("pointer").asString()).isEqualTo(pointer);
        assertThat(reply.json().path("violations").get(0).path("code").asString()).isEqualTo("duplicateKey");
        assertThat(count()).isZero();
    }

    @Test
    void aNumberBeyondRangeIsRefusedInPlainWords() {
        var reply = api().post("/api/v1/records/" + object, token, "{\"no\": \"a\", \"points\": 1e400, "
                + "\"price\": 1e400}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("RECORD_VALIDATION_FAILED");
        assertThat(reply.json().path("violations").toString()).isEqualTo("[{\"pointer\":\"/points\",\"code\":\"range\","
                + "\"message\":\"is out of range for an integer field (0 to 9007199254740991)\"},{\"pointer\":\"/price\","
                + "\"code\":\"range\",\"message\":\"is out of range for a number (beyond ±1.7976931348623157E308)\"}]");
        assertThat(count()).isZero();
    }

    @Test
    void tenMegabyteStringIsRefused() {
        var reply = api().post("/api/v1/records/" + object, token, "{\"no\": \"" + "长".repeat(10 * 1024 * 1024 / 3) + "\"}");
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(count()).isZero();
    }

    @Test
    void thousandDeepJsonIsRefused() {
        String deep = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        var reply = api().post("/api/v1/records/" + object, token, "{\"no\": \"a\", \"extra\": " + deep + "}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isIn("MALFORMED_REQUEST", "RECORD_VALIDATION_FAILED");
        assertThat(count()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "reference to missing object|{\"apiName\": \"bad1\", \"label\": {\"en\": \"B\"}, \"fields\": [{\"apiName\": \"r\", \"type\": \"reference\", \"label\": {\"en\": \"R\"}, \"target\": \"ghost\"}]}|/fields/0/target",
            "formula on itself|{\"apiName\": \"bad2\", \"label\": {\"en\": \"B\"}, \"fields\": [{\"apiName\": \"f\", \"type\": \"formula\", \"label\": {\"en\": \"F\"}, \"expression\": \"f + 1\", \"resultType\": \"integer\"}]}|/fields/0/expression",
            "unknown type|{\"apiName\": \"bad3\", \"label\": {\"en\": \"B\"}, \"fields\": [{\"apiName\": \"x\", \"type\": \"money\", \"label\": {\"en\": \"X\"}}]}|/fields/0/type",
            "operator field name|{\"apiName\": \"bad4\", \"label\": {\"en\": \"B\"}, \"fields\": [{\"apiName\": \"$gt\", \"type\": \"text\", \"label\": {\"en\": \"X\"}}]}|/fields/0/apiName",
            "no label|{\"apiName\": \"bad5\", \"fields\": [{\"apiName\": \"x\", \"type\": \"text\", \"label\": {\"en\": \"X\"}}]}|/label",
            "select without options|{\"apiName\": \"bad6\", \"label\": {\"en\": \"B\"}, \"fields\": [{\"apiName\": \"s\", \"type\": \"singleSelect\", \"label\": {\"en\": \"S\"}}]}|/fields/0/options",
    })
    void badDefinitionsAreRefused(String name, String definition, String pointer) {
        var reply = api().post("/api/v1/metadata/objects", token, definition);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("OBJECT_DEFINITION_INVALID");
        assertThat(reply.json().path("violations").findValuesAsString("pointer")).contains(pointer);
        assertThat(api().get("/api/v1/metadata/objects", token).json().size()).isEqualTo(objectsBefore);
    }
}
