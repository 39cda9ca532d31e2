package io.quanyu.ui.shell;

import io.quanyu.core.tenant.TenantAccess;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The access a user needs to see a {@link com.vaadin.flow.router.Menu @Menu} view in the navigation; views without it
 * are shown to everyone signed in. Hiding an entry is a courtesy: the view and the guarded services below it check
 * the user's roles again on every call. (The builder's users come from the session's token, not from Vaadin's
 * navigation access control, so Vaadin's {@code @RolesAllowed} filtering of the menu does not apply.)
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MenuAccess {

    TenantAccess value();
}
