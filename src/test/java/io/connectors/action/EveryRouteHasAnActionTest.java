package io.connectors.action;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * The access filter checks a route's caller against the audience of the action the route names with
 * {@link ActionRoute}; a route under {@code /api/organizations} without one would pass unchecked. This scans every
 * JAX-RS resource class of the service and fails on such a route, and on an {@code @ActionRoute} whose action
 * describes another method or path than the route it sits on (the catalog and the gateway would then lie).
 */
class EveryRouteHasAnActionTest {

    private static final String ORGANIZATIONS = "/api/organizations";

    /** Resources under the organization prefix that serve no organization action, each with why. */
    private static final Map<String, String> EXEMPT = Map.of(
            "GatewayResource", "the teammate's MCP endpoint is not an organization action; GatewayAccess admits");

    @Test
    void everyOrganizationRouteNamesTheActionItServes() throws Exception {
        List<String> problems = new ArrayList<>();
        Map<OrganizationAction, String> served = new EnumMap<>(OrganizationAction.class);
        int routes = 0;
        for (Class<?> resource : resourceClasses()) {
            if (EXEMPT.containsKey(resource.getSimpleName())) {
                continue;
            }
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = httpMethod(method);
                Path sub = method.getAnnotation(Path.class);
                if (verb == null && sub == null || !Modifier.isPublic(method.getModifiers())) {
                    continue;
                }
                String path = normalize(base + (sub == null ? "" : "/" + sub.value()));
                if (!path.startsWith(ORGANIZATIONS)) {
                    continue;
                }
                routes++;
                String route = (verb == null ? "(sub-resource locator)" : verb) + " " + path + " ("
                        + resource.getSimpleName() + "." + method.getName() + ")";
                ActionRoute action = method.getAnnotation(ActionRoute.class);
                if (action == null) {
                    problems.add(route + " has no @ActionRoute");
                    continue;
                }
                String expected = action.value().method() + " " + normalize(OrganizationAction.PREFIX + action.value().path());
                if (!expected.equals(verb + " " + path)) {
                    problems.add(route + " names " + action.value() + ", which is " + expected);
                }
                String earlier = served.put(action.value(), route);
                if (earlier != null) {
                    problems.add(action.value() + " is named by two routes: " + earlier + " and " + route);
                }
            }
        }
        assertThat(routes, greaterThanOrEqualTo(OrganizationAction.values().length));
        assertThat(problems, empty());
        assertThat("every action has its route", served.keySet(), equalTo(java.util.Set.of(OrganizationAction.values())));
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String normalize(String path) {
        String joined = ("/" + path).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** Every class of the service annotated with {@link Path}, found in the compiled classes. */
    private static List<Class<?>> resourceClasses() throws Exception {
        ClassLoader loader = EveryRouteHasAnActionTest.class.getClassLoader();
        java.nio.file.Path root = java.nio.file.Path.of(OrganizationAction.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        List<Class<?>> resources = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root.resolve("io/connectors"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, loader);
                if (type.isAnnotationPresent(Path.class)) {
                    resources.add(type);
                }
            }
        }
        assertThat(resources.size(), greaterThanOrEqualTo(7));
        return resources;
    }
}
