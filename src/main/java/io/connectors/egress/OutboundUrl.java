package io.connectors.egress;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The one owner of the rules an outbound URL must keep: absolute {@code http}/{@code https}, a host, a port in
 * 1–65535, no {@code user:pass@}; a stored template also no fragment. Checked when a connector is saved (on its
 * template, references standing in for parts), once variables are injected, and by the guard before any call; each
 * caller words the verdict for its context from the texts here.
 */
public final class OutboundUrl {

    /** The first rule a URL breaks, with the texts its callers show. */
    public enum Problem {
        NOT_HTTP("must be an absolute http:// or https:// URL",
                "is not an absolute http:// or https:// URL with a host and a valid port"),
        NO_HOST("must name a host", "is not an absolute http:// or https:// URL with a host and a valid port"),
        BAD_PORT("must have a port between 1 and 65535", "has a port outside 1-65535"),
        USER_INFO("must not contain credentials (user:pass@); use a header instead", null),
        FRAGMENT("must not contain a fragment (#...)", null);

        private final String fieldText;
        private final String injectedText;

        Problem(String fieldText, String injectedText) {
            this.fieldText = fieldText;
            this.injectedText = injectedText;
        }

        /** How a save-time field error reads ({@code url} "must name a host"). */
        public String fieldText() {
            return fieldText;
        }

        /**
         * How the problem reads at run time, for a URL that only became what it is by injecting variables into the
         * connector {@code name}'s template.
         */
        public String afterInjection(String name) {
            return injectedText == null ? sentence() : "The URL of " + name + " " + injectedText
                    + " once variables are injected";
        }

        /** How the problem reads on its own, at run time (it names no host: the URL may hold injected secrets). */
        public String sentence() {
            return switch (this) {
                case NOT_HTTP, NO_HOST -> "The URL is not an absolute http:// or https:// URL with a host";
                case BAD_PORT -> "The URL has a port outside 1-65535";
                case USER_INFO -> "URLs with user:password@ are not allowed; send credentials in a header";
                case FRAGMENT -> "The URL must not contain a fragment (#...)";
            };
        }
    }

    private OutboundUrl() {
    }

    /** The first rule {@code url} breaks as the target of a call (a fragment is the caller's own), or empty. */
    public static Optional<Problem> problem(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.of(Problem.NOT_HTTP);
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            return Optional.of(Problem.NO_HOST);
        }
        // -1 is "no port" (the scheme's default); URI accepts any number of digits.
        if (url.getPort() == 0 || url.getPort() > 65535) {
            return Optional.of(Problem.BAD_PORT);
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of(Problem.USER_INFO);
        }
        return Optional.empty();
    }

    /** As {@link #problem}, for a URL as it is stored: a fragment is refused too (it is never sent). */
    public static Optional<Problem> problemOfTemplate(URI url) {
        Optional<Problem> problem = problem(url);
        if (problem.isPresent()) {
            return problem;
        }
        return url.getRawFragment() != null ? Optional.of(Problem.FRAGMENT) : Optional.empty();
    }

    /** The port a checked URL is dialed on. */
    public static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
