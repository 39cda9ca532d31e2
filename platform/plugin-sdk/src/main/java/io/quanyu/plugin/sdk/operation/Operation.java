package io.quanyu.plugin.sdk.operation;

import io.quanyu.plugin.sdk.PublicSpi;
import org.pf4j.ExtensionPoint;

/**
 * An operation a plugin offers to integrators and to the builder, for example {@code issueCoupon}. Its name, kind
 * (query or mutation), input and output JSON Schemas are declared in the manifest's {@code operations}; the
 * platform exposes it in the GraphQL schema of every tenant that enabled the plugin, validates the input against
 * the input schema before calling {@link #handle} and the output against the output schema after.
 */
@PublicSpi
public interface Operation extends ExtensionPoint {

    /** The operation's name in the manifest ({@code [a-z][A-Za-z0-9]*}). */
    String name();

    /** Runs the operation for the request's tenant. */
    OperationResult handle(OperationRequest request);
}
