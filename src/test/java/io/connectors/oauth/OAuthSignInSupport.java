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

    /** The browser's sign-in cookie, as the service set it on the last start (one browser for all tests). */
    static volatile String browserCookie;

    /** POST …/authorization from "the browser"; returns the authorization URL. */
    static String start(String token, String org, String mcpId) {
        var request = as(token);
        if (browserCookie != null) {
            request.cookie("connectors_oauth_browser", browserCookie);
        }
        var response = request.post(base(org) + "/mcps/mcp/" + mcpId + "/authorization").then().statusCode(200)
                .extract();
        browserCookie = response.cookie("connectors_oauth_browser");
        return response.path("authorization_url");
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
        return callback(callback, browserCookie);
    }

    /** The callback from a browser holding {@code cookie} (null: a browser that never started a sign-in). */
    static String callback(URI callback, String cookie) {
        HttpResponse<String> answer = get(callback, cookie);
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
        return get(uri, null);
    }

    static HttpResponse<String> get(URI uri, String cookie) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
            if (cookie != null) {
                request.header("Cookie", "connectors_oauth_browser=" + cookie);
            }
            return BROWSER.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + uri.getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

}
