package io.quanyu.journeys;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

/** A published version of a journey as its owners see it in its history: immutable once published. */
public record JourneyVersion(String journey, long version, Instant publishedAt, String publishedBy, JsonNode definition) {
}
