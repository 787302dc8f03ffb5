package io.connectors.action.service;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Derives the handler of each organization action from the resource method that serves it ({@link ActionRoute}),
 * so that {@code POST /actions/{name}} calls the route's own method and a new route needs no table of its own.
 * The resource classes are found once, among the CDI beans (JAX-RS resources are beans) whose path is under
 * {@link OrganizationAction#PREFIX}. Each parameter is bound by its annotation: {@code orgId} from the route,
 * {@code @RestPath("x")} from {@code path_params.x} (required), {@code @RestQuery("x")} from {@code query.x}
 * ({@code String}, or a whole number), a header as absent (so {@code If-Match} makes no condition), and the one
 * parameter without a REST annotation from {@code body}: as JSON text, optional, for a {@code String}, else as its
 * type and required. A parameter of any other kind fails the start, so a route that cannot be derived is noticed
 * at once. The resource classes carry {@code @RegisterForReflection(methods = true)} for the native image, which
 * reads their methods here.
 */
final class RouteActionHandlers {

    /** The organization path parameter: the route's own, never taken from {@code path_params}. */
    private static final String ORGANIZATION = "orgId";

    private RouteActionHandlers() {
    }

    static Map<OrganizationAction, ActionHandler> derive(BeanManager beans) {
        Map<OrganizationAction, ActionHandler> handlers = new EnumMap<>(OrganizationAction.class);
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null || !root.value().startsWith(OrganizationAction.PREFIX)) {
                continue;
            }
            Object resource = null;
            for (Method method : type.getDeclaredMethods()) {
                ActionRoute route = method.getAnnotation(ActionRoute.class);
                if (route == null || !route.value().dispatchable()) {
                    continue;
                }
                if (resource == null) {
                    resource = reference(beans, bean);
                }
                ActionHandler previous = handlers.put(route.value(), handler(resource, method));
                if (previous != null) {
                    throw new IllegalStateException("Two resource methods serve the action " + route.value());
                }
            }
        }
        return handlers;
    }

    private static <T> Object reference(BeanManager beans, Bean<T> bean) {
        CreationalContext<T> context = beans.createCreationalContext(bean);
        return beans.getReference(bean, bean.getBeanClass(), context);
    }

    private static ActionHandler handler(Object resource, Method method) {
        if (method.getReturnType() != Uni.class) {
            throw new IllegalStateException("An action's resource method must return a Uni: " + method);
        }
        List<Function<ActionInvocation, Object>> arguments = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            arguments.add(argument(method, parameter));
        }
        return invocation -> {
            Object[] values = new Object[arguments.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments.get(i).apply(invocation);
            }
            try {
                return (Uni<?>) method.invoke(resource, values);
            } catch (InvocationTargetException e) {
                throw RouteActionHandlers.<RuntimeException>rethrow(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot call " + method, e);
            }
        };
    }

    private static Function<ActionInvocation, Object> argument(Method method, Parameter parameter) {
        Class<?> type = parameter.getType();
        RestPath path = parameter.getAnnotation(RestPath.class);
        if (path != null && type == String.class) {
            String name = name(path.value(), method, parameter);
            return ORGANIZATION.equals(name) ? ActionInvocation::organizationId : a -> a.pathParam(name);
        }
        RestQuery query = parameter.getAnnotation(RestQuery.class);
        if (query != null && (type == String.class || type == Integer.class)) {
            String name = name(query.value(), method, parameter);
            return type == String.class ? a -> a.query(name) : a -> a.wholeNumberQuery(name);
        }
        if (parameter.isAnnotationPresent(RestHeader.class) || parameter.isAnnotationPresent(HeaderParam.class)
                || parameter.isAnnotationPresent(org.jboss.resteasy.reactive.RestCookie.class)) {
            // An action carries no headers or cookies: as on a route called without them.
            return a -> null;
        }
        if (path == null && query == null && !hasRestAnnotation(parameter)) {
            return type == String.class ? ActionInvocation::rawBody : a -> a.body(type);
        }
        throw new IllegalStateException("Cannot derive the action argument " + parameter + " of " + method);
    }

    private static boolean hasRestAnnotation(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            String owner = annotation.annotationType().getPackageName();
            if (owner.startsWith("jakarta.ws.rs") || owner.startsWith("org.jboss.resteasy.reactive")) {
                return true;
            }
        }
        return false;
    }

    /** The annotation's name, else the parameter's (kept by the compiler's {@code -parameters}). */
    private static String name(String annotated, Method method, Parameter parameter) {
        if (annotated != null && !annotated.isEmpty()) {
            return annotated;
        }
        if (!parameter.isNamePresent()) {
            throw new IllegalStateException("Compile with -parameters or name the parameter " + parameter + " of "
                    + method);
        }
        return parameter.getName();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable failure) throws E {
        throw (E) failure;
    }
}
