package io.connectors.action;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the organization action a resource method serves: {@link io.connectors.action.rest.ActionRouteFilter}
 * enforces that action's audience, and {@code POST /actions/{name}} runs the method with the arguments bound from
 * its parameters' annotations.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ActionRoute {
    OrganizationAction value();
}
