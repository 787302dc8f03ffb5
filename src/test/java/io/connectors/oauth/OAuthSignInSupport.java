package io.connectors.oauth;

import io.restassured.RestAssured;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.connectors.testsupport.Api.as;

/**
 * Drives a sign-in the way a browser would: start it through the API, follow the authorization URL to the test
 * authorization server with a plain HTTP client (no redirects followed), then follow its redirect to the callback.
 */
final class OAuthSignInSupport {

    private static final HttpClient BROWSER = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private OAuthSignInSupport() {
    }

    static String base(String org) {
        return "/api/organizations/" + org;
    }

    /** Creates an {@code auth: oauth} connector for {@code url}; returns its id. */
    static String createOAuthConnector(String token, String org, String name, String url, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("url", url);
        body.put("auth", "oauth");
        body.putAll(extra);
        return as(token).body(body).post(base(org) + "/mcps").then().statusCode(201).extract().path("id");
    }

    /** POST …/authorization; returns the authorization URL. */
    static String start(String token, String org, String mcpId) {
        return as(token).post(base(org) + "/mcps/mcp/" + mcpId + "/authorization").then().statusCode(200)
                .extract().path("authorization_url");
    }

    /** Follows the authorization URL to the authorization server; returns the callback URL it redirects to. */
    static URI authorize(String authorizationUrl) {
        HttpResponse<String> answer = get(URI.create(authorizationUrl));
        if (answer.statusCode() != 302) {
            throw new AssertionError("authorization server answered " + answer.statusCode() + ": " + answer.body());
        }
        return URI.create(answer.headers().firstValue("Location").orElseThrow());
    }

    /** Calls the callback (no bearer token); returns the Location it redirects to (relative to the service). */
    static String callback(URI callback) {
        HttpResponse<String> answer = get(callback);
        if (answer.statusCode() != 303) {
            throw new AssertionError("callback answered " + answer.statusCode() + ": " + answer.body());
        }
        String location = answer.headers().firstValue("Location").orElseThrow();
        URI uri = URI.create(location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The whole sign-in; returns where the browser lands. */
    static String signIn(String token, String org, String mcpId) {
        return callback(authorize(start(token, org, mcpId)));
    }

    static URI serviceUrl(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + pathAndQuery);
    }

    static HttpResponse<String> get(URI uri) {
        try {
            return BROWSER.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + uri.getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

}
