package io.connectors.ui;

import io.connectors.testsupport.browser.HeadlessChromium;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.greaterThan;

/**
 * Production sign-in: with a public OIDC client configured, the page runs the authorization code flow with PKCE
 * against the provider, comes back to the page the person asked for, and calls the API with the access token. An
 * identity token that does not carry this sign-in's nonce is refused, and the person is told why.
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
    void thePageMayFetchFromTheProviderAndNowhereElse() {
        String authority = given().get("/ui/config").then().statusCode(200).extract().path("oidc.authority");
        given().get("/mcps").then().statusCode(200)
                .header("Content-Security-Policy", containsString("; connect-src 'self' " + authority + "; "));
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

    @Test
    void anIdentityTokenWithoutTheNonceIsRefused() {
        assertSignInRefused(LocalOidcProvider.NonceAnswer.OMITTED,
                "Sign-in failed: the identity token was not issued for this sign-in (nonce missing or wrong). Try again.");
    }

    @Test
    void anIdentityTokenWithAnotherNonceIsRefused() {
        assertSignInRefused(LocalOidcProvider.NonceAnswer.WRONG,
                "Sign-in failed: the identity token was not issued for this sign-in (nonce missing or wrong). Try again.");
    }

    @Test
    void anAnswerWithoutAnIdentityTokenIsRefused() {
        assertSignInRefused(LocalOidcProvider.NonceAnswer.NO_ID_TOKEN,
                "Sign-in failed: the identity provider sent no identity token. Try again.");
    }

    @AfterEach
    void providerEchoesTheNonceAgain() {
        LocalOidcProvider.nonceAnswer = LocalOidcProvider.NonceAnswer.ECHOED;
    }

    private void assertSignInRefused(LocalOidcProvider.NonceAnswer answer, String reason) {
        LocalOidcProvider.nonceAnswer = answer;
        int before = LocalOidcProvider.verifiedExchanges.get();
        browser.driver().get(base.resolve("/ui/config").toString());
        browser.js("sessionStorage.clear()");
        browser.driver().get(base.resolve("/integrations").toString());

        // The code was exchanged (the provider answered), and the page refused what came back.
        browser.waitUntil(d -> LocalOidcProvider.verifiedExchanges.get() > before);
        assertThat(browser.find("[role=alert]").getText(), equalTo(reason));
        assertThat(browser.js("return sessionStorage.getItem('connectors.token')"), nullValue());
        assertThat(browser.driver().findElements(org.openqa.selenium.By.cssSelector("#integrations-title")), empty());
        browser.screenshot("oidc-refused-" + answer.name().toLowerCase());
    }
}
