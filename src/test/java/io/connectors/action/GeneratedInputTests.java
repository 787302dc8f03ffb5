package io.connectors.action;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sends generated malformed, oversized and adversarial values to the path parameters, query parameters and body of
 * every organization action's route, as a person and as an AI teammate, and asserts what a client would notice:
 * never a 5xx, never a request slower than {@link #SLOWEST}, and every 4xx a problem document.
 *
 * <p>Values come from a seeded generator of fixed nasty values, random UTF-16, control characters, huge strings,
 * wrong JSON types and deep nesting; the seed is fixed so a failure replays (it is in the failure message; set
 * {@code -Dgenerated-input.seed=N} to try another). The service only ever sees connector
 * URLs on 127.0.0.1 or invalid ones, and ids it does not hold, so nothing here makes it dial or resolve a name
 * outside this machine.
 */
@QuarkusTest
class GeneratedInputTests {

    /**
     * Generated requests per route and caller; with 20 routes and 2 callers 240 requests, plus 6 for each fixed
     * nasty value: about 600 requests, under a minute on a loaded machine.
     */
    private static final int TRIES = 6;

    /** Generous bound for one request on a loaded 2-core machine; a request that stalls takes far longer. */
    private static final long SLOWEST = 2_000;

    /** Longest percent-encoded parameter sent, so that a request line stays under the HTTP layer's 4 KiB. */
    private static final int MAX_PARAMETER = 1_000;

    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([a-z_]+)}");

    /** Writes lone surrogates and other non-ASCII as escapes, so any Java string can be sent as valid JSON. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final RestAssuredConfig BOUNDED = RestAssured.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 20_000));

    /** Fixed inputs known to break parsers, templates, SQL and HTTP. */
    private static final List<String> NASTY = List.of("", " ", "\u0000", "a\u0000b", "\r\n", "x\r\nSet-Cookie: a=b",
            "\t", "{{", "{{" + " ".repeat(1_000), "{{" + " ".repeat(800) + "}", "{{A}}", "{{ A }}", "{{}}",
            "}}{{", "{{{{{{{{{{", "{", "}", "{x}", "%", "%00", "%41", "%zz", "..", "../../etc/passwd", "/", "\\",
            "'", "\"", "' OR 1=1 --", "<script>alert(1)</script>", "日本語", "\uD83D\uDE00", "\uFFFF", "\uD800",
            "\uDC00x", "null", "true", "0", "-1", "1e309", "9".repeat(40), "gmail", "google", "org-a",
            UUID.randomUUID().toString(), "00000000-0000-0000-0000-000000000000", "http://127.0.0.1:1/mcp",
            "http://127.0.0.1:{{PORT}}/mcp", "http://user:pass@127.0.0.1/", "ftp://127.0.0.1/", "http://[::1",
            "a".repeat(70), "x".repeat(9_000), "A_B", "*", "?", "#", "&", "=", "+", ";", ",");

    private final Random random = new Random(Long.getLong("generated-input.seed", 20261201L));
    private final List<String> failures = new ArrayList<>();

    /** A generated string: a fixed nasty one, random UTF-16 (lone surrogates too), controls, an id, or a huge one. */
    private String string() {
        return switch (random.nextInt(5)) {
            case 0 -> pick(NASTY);
            case 1 -> chars(random.nextInt(41), () -> (char) random.nextInt(0x10000));
            case 2 -> chars(random.nextInt(13), () -> random.nextBoolean() ? (char) random.nextInt(0x20)
                    : "{}%\\\"'".charAt(random.nextInt(6)));
            case 3 -> chars(1 + random.nextInt(64), () -> ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
            default -> "z".repeat(1_000 + random.nextInt(199_000));
        };
    }

    /** Any JSON scalar: a string, a number of any size, a boolean or null. */
    private Object scalar() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> string();
            case 2 -> random.nextInt();
            case 3 -> random.nextLong();
            case 4 -> random.nextBoolean() ? random.nextDouble() * Math.pow(10, random.nextInt(600) - 300)
                    : random.nextBoolean();
            default -> null;
        };
    }

    private String chars(int length, java.util.function.Supplier<Character> next) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(next.get());
        }
        return text.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    @Test
    void noRouteAnswersGeneratedInputWithAServerErrorAStallOrABareBody() {
        // An organization of its own: its rows are only those this test makes, none of them reachable.
        String org = "generated-" + UUID.randomUUID().toString().substring(0, 8);
        String base = "/api/organizations/" + org;
        Map<String, String> callers = Map.of("staff", Tokens.staff("fuzzer", org), "ai", Tokens.ai(org));
        // Unmeasured warm-up: the first requests of a fresh JVM load classes and open pooled connections.
        given().auth().oauth2(callers.get("staff")).get(base + "/mcps").then().statusCode(200);
        given().auth().oauth2(callers.get("staff")).contentType("application/json")
                .body(toJson(Map.of("name", "warm-up", "url", "http://127.0.0.1:1/mcp"))).post(base + "/mcps")
                .then().statusCode(201);
        int requests = 0;
        // Every fixed nasty value in each kind of slot: path, query, names, URLs, header and variable values.
        for (String nasty : NASTY) {
            String caller = random.nextBoolean() ? "staff" : "ai";
            String token = callers.get(caller);
            String loopback = "http://127.0.0.1:1/mcp";
            send(caller, token, "POST", base + "/mcps", toJson(Map.of("name", nasty, "url", loopback)));
            send(caller, token, "POST", base + "/mcps", toJson(Map.of("name", "u-" + UUID.randomUUID(), "url", nasty)));
            send(caller, token, "POST", base + "/mcps", toJson(Map.of("name", "h-" + UUID.randomUUID(),
                    "url", loopback, "headers", Map.of("X-A", nasty))));
            String inUrl = encode(nasty.isEmpty() ? "x" : nasty);
            if (inUrl.length() > MAX_PARAMETER) {
                // Cut whole escapes only.
                inUrl = inUrl.substring(0, MAX_PARAMETER);
                int escape = inUrl.lastIndexOf('%');
                inUrl = escape >= MAX_PARAMETER - 2 ? inUrl.substring(0, escape) : inUrl;
            }
            send(caller, token, "GET", base + "/mcps/mcp/" + inUrl, null);
            send(caller, token, "GET", base + "/mcps?after=" + inUrl, null);
            send("staff", callers.get("staff"), "PUT", base + "/variables/" + inUrl,
                    toJson(Map.of("value", nasty, "secret", true, "allowed_hosts", List.of(nasty))));
            requests += 6;
        }
        // Generated paths, queries and bodies for every route.
        for (OrganizationAction action : OrganizationAction.values()) {
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                for (int i = 0; i < TRIES; i++) {
                    String url = base + pathWithGeneratedParameters(action) + generatedQuery(action);
                    String body = action.method().equals("GET") ? null : generatedBody(action);
                    send(caller.getKey(), caller.getValue(), action.method(), url, body);
                    requests++;
                }
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + requests + " requests failed (seed "
                + Long.getLong("generated-input.seed", 20261201L) + ")");
    }

    @Test
    void requestLineOverTheLimitIsRefusedQuickly() {
        given().auth().oauth2(Tokens.staff()).get("/api/organizations/" + Tokens.DEFAULT_ORG + "/actions")
                .then().statusCode(200); // unmeasured warm-up of the client
        // Refused by the HTTP layer (quarkus.http.limits.max-initial-line-length, 4 KiB) before any route runs: a
        // bare 414, documented in docs/api.md "Errors"; what matters is that it is no 5xx and no stall.
        long started = System.nanoTime();
        int status = given().config(BOUNDED).urlEncodingEnabled(false).auth().oauth2(Tokens.staff())
                .get("/api/organizations/" + Tokens.DEFAULT_ORG + "/mcps?after=" + "z".repeat(5_000)).statusCode();
        assertEquals(414, status);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(true, millis < SLOWEST, "took " + millis + " ms");
    }

    private void send(String callerName, String token, String method, String url, String body) {
        RequestSpecification request = given().config(BOUNDED).urlEncodingEnabled(false).auth().oauth2(token);
        if (body != null) {
            request = request.contentType(random.nextInt(10) == 0 ? "text/plain" : "application/json")
                    .body(body.getBytes(StandardCharsets.UTF_8));
        }
        String described = callerName + " " + method + " " + abbreviate(url)
                + (body == null ? "" : " body " + abbreviate(body));
        long started = System.nanoTime();
        Response response;
        try {
            response = request.request(method, url);
        } catch (Exception e) { // RestAssured rethrows I/O failures (a read timeout) undeclared
            failures.add(described + " -> no answer: " + e);
            return;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        int status = response.statusCode();
        if (status >= 500) {
            failures.add(described + " -> " + status + " " + abbreviate(response.asString()));
        } else if (millis > SLOWEST) {
            failures.add(described + " -> took " + millis + " ms");
        } else if (status >= 400 && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
            failures.add(described + " -> " + status + " as " + response.contentType());
        }
    }

    /** The route's path with each parameter generated, percent-encoded (or, at times, an escape sent as is). */
    private String pathWithGeneratedParameters(OrganizationAction action) {
        Matcher parameter = PATH_PARAMETER.matcher(action.path());
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String value = parameter.group(1).equals("name") && action == OrganizationAction.RUN_ACTION
                    && random.nextBoolean()
                    ? OrganizationAction.values()[random.nextInt(OrganizationAction.values().length)].actionName()
                    : string();
            String encoded = random.nextInt(8) == 0 ? rawEscape() : parameter(value.isEmpty() ? "x" : value);
            parameter.appendReplacement(path, Matcher.quoteReplacement(encoded));
        }
        parameter.appendTail(path);
        return path.toString();
    }

    private String generatedQuery(OrganizationAction action) {
        List<String> names = new ArrayList<>(switch (action) {
            case LIST_MCPS -> List.of("after", "limit");
            case UNASSIGN_EMPLOYEE_MCP -> List.of("mcp_id", "oauth_mcp");
            default -> List.of();
        });
        names.add(pick(List.of("limit", "after", "x", "mcp_id", "\u0000", "{{")));
        StringBuilder query = new StringBuilder();
        for (String name : names) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            String value = random.nextInt(8) == 0 ? rawEscape() : parameter(string());
            query.append(query.isEmpty() ? "?" : "&").append(encode(name)).append('=').append(value);
        }
        return query.toString();
    }

    /** A JSON body: mostly an object with the route's fields holding generated values, else any JSON or none. */
    private String generatedBody(OrganizationAction action) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return "[".repeat(5_000) + "]".repeat(5_000);
        }
        if (kind == 2) {
            return "{\"name\": \"" + "{".repeat(10) + "\", ";
        }
        if (kind == 3) {
            return "{\"name\":\"" + "y".repeat(300 * 1024) + "\"}";
        }
        return toJson(kind < 6 ? json(4) : fieldsOf(action));
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> fieldsOf(OrganizationAction action) {
        List<String> fields = switch (action) {
            case CREATE_MCP, UPDATE_MCP -> List.of("name", "type", "url", "headers", "oauth_mcp");
            case TEST_MCP, UNASSIGN_EMPLOYEE_MCP -> List.of("mcp_id", "oauth_mcp");
            case ASSIGN_EMPLOYEE_MCP -> List.of("mcp_id", "oauth_mcp", "tools");
            case PUT_VARIABLE -> List.of("value", "secret", "allowed_hosts");
            case PUT_INTEGRATION -> List.of("access_token", "refresh_token", "expires_in", "scopes");
            case RUN_ACTION -> List.of("path_params", "query", "body");
            default -> List.of("x");
        };
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : fields) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            body.put(field, switch (field) {
                case "headers", "path_params", "query" -> random.nextInt(4) == 0 ? json(2) : stringMap();
                case "scopes", "tools", "allowed_hosts" -> random.nextInt(4) == 0 ? json(2)
                        : List.of(string(), string());
                case "body" -> fieldsOf(OrganizationAction.values()[random.nextInt(OrganizationAction.values().length)]);
                case "url" -> random.nextBoolean() ? pick(NASTY.stream()
                        .filter(s -> s.startsWith("http") || s.startsWith("ftp") || s.length() < 3).toList())
                        : "http://127.0.0.1:1/" + string();
                default -> random.nextInt(5) == 0 ? json(2) : string();
            });
        }
        if (random.nextInt(6) == 0) {
            body.put(string(), scalar());
        }
        return body;
    }

    private Map<String, Object> stringMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            map.put(random.nextBoolean() ? pick(List.of("mcp_id", "employee_id", "name", "provider",
                    "after", "limit", "oauth_mcp", "X-Api-Key")) : string(), string());
        }
        return map;
    }

    /** Any JSON value up to {@code depth} levels of arrays and objects. */
    private Object json(int depth) {
        int kind = depth == 0 ? 0 : random.nextInt(3);
        if (kind == 0) {
            return scalar();
        }
        int size = random.nextInt(4);
        if (kind == 1) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                list.add(json(depth - 1));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(string(), json(depth - 1));
        }
        return map;
    }

    /** A percent escape sent undecoded: NUL, a lone byte, broken UTF-8, an encoded slash. */
    private String rawEscape() {
        return pick(List.of("%00", "%ff", "%C3%28", "..%2f..", "%2e%2e", "a%00b", "%7B%7B", "%25"));
    }

    /**
     * {@code value} percent-encoded for a path or query, cut to {@link #MAX_PARAMETER}: longer request lines are
     * refused by the HTTP layer before the service sees them ({@link #requestLineOverTheLimitIsRefusedQuickly}).
     */
    private String parameter(String value) {
        String encoded = encode(value);
        while (encoded.length() > MAX_PARAMETER) {
            encoded = encode(string());
        }
        return encoded;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        String printable = text.replace("\u0000", "\\0").replace("\r", "\\r").replace("\n", "\\n");
        return printable.length() <= 160 ? printable : printable.substring(0, 160) + "…(" + printable.length() + ")";
    }
}
