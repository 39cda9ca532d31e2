package io.quanyu.plugin.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An interface plugins implement (an extension point). It evolves only through {@code default} methods within a major
 * SDK version, so a plugin compiled against 1.0 keeps working on every 1.x platform.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PublicSpi {
}
