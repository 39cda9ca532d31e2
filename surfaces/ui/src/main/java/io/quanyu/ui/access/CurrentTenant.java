package io.quanyu.ui.access;

/**
 * The port through which the builder learns who is signed in: the server implements it from the browser session's
 * verified access token. The UI never builds a tenant context itself.
 */
@FunctionalInterface
public interface CurrentTenant {

    /** The signed-in user's workspace; throws {@code QuanyuException} when the session has no valid token. */
    Workspace workspace();
}
