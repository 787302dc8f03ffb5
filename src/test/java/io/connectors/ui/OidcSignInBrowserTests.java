package io.connectors.ui;

import io.connectors.testsupport.browser.HeadlessChromium;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/**
 * Production sign-in: with a public OIDC client configured, the page runs the authorization code flow with PKCE
 * against the provider, comes back to the page the person asked for, and calls the API with the access token.
 */
@QuarkusTest
@TestProfile(OidcSignInBrowserTests.WithProvider.class)
class OidcSignInBrowserTests extends BrowserTestBase {

    /** The service with a local OpenID provider configured for the page. */
    public static class WithProvider implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LocalOidcProvider.class));
        }
    }


    @Test
    void configNamesTheProviderAndThePublicClient() {
        given().get("/ui/config").then().statusCode(200)
                .body("sign_in", equalTo("oidc"))
                .body("oidc.client_id", equalTo(LocalOidcProvider.CLIENT_ID));
    }

    @Test
    void pageSignsInWithTheCodeFlowAndReturnsToTheRequestedPage() {
        int before = LocalOidcProvider.verifiedExchanges.get();
        browser.driver().get(base.resolve("/ui/config").toString());
        browser.js("sessionStorage.clear()");
        browser.driver().get(base.resolve("/integrations").toString());

        browser.waitUntil(d -> d.getCurrentUrl().endsWith("/integrations"));
        assertThat(browser.find("#integrations-title").getText(), equalTo("Integrations"));
        assertThat(browser.find(".account .user").getText(), equalTo(LocalOidcProvider.USER));
        assertThat(browser.find(".account .org").getText(), equalTo(LocalOidcProvider.ORGANIZATION));
        assertThat(LocalOidcProvider.verifiedExchanges.get(), greaterThan(before));
        // The API accepted the provider's token: the page shows data, not an error.
        browser.find(".integration[data-provider=google]");
        browser.screenshot("signed-in-with-oidc");
    }
}
