package io.quanyu.ui.access;

/**
 * The port through which the builder ends a login at the identity provider too (OIDC RP-initiated logout), so that
 * signing out is not undone by the provider's single sign-on on the next visit. The server implements it.
 */
@FunctionalInterface
public interface SignOut {

    /** Where to send the browser after the session ends: the provider's logout, which then returns to {@code returnTo}. */
    String endSessionUrl(String returnTo);
}
