package io.connectors.oauth.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.database.Timestamps;
import io.connectors.oauth.OAuthFailure;
import io.connectors.oauth.OAuthFailure.Kind;
import io.connectors.oauth.RegisteredClient;
import io.connectors.oauth.repository.ClientRegistrationRepository;
import io.connectors.oauth.service.AuthorizationDiscovery.ServerMetadata;
import io.connectors.secret.SecretCipher;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Map;

/**
 * Which OAuth client this service is at an authorization server, in the MCP spec's order: the connector's
 * pre-registered client; else a client ID metadata document the service serves (when the server supports them);
 * else RFC 7591 dynamic registration, stored sealed per organization and server and reused until refused.
 */
@Singleton
public class ClientRegistrar {

    /** Path of the client ID metadata document under {@code connectors.public-url}. */
    public static final String METADATA_DOCUMENT_PATH = "/oauth/client-metadata.json";
    public static final String CLIENT_NAME = "Connectors";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OAuthHttp http;
    private final ClientRegistrationRepository registrations;
    private final SecretCipher cipher;

    public ClientRegistrar(OAuthHttp http, ClientRegistrationRepository registrations, SecretCipher cipher) {
        this.http = http;
        this.registrations = registrations;
        this.cipher = cipher;
    }

    /** A pre-registered client as a connector holds it (secret in plaintext, or {@code null}). */
    public record PreRegistered(String clientId, String clientSecret) {

        @Override
        public String toString() {
            return "PreRegistered[clientId=" + clientId + "]";
        }
    }

    public Uni<RegisteredClient> clientFor(String organizationId, ServerMetadata server, PreRegistered preRegistered,
            String publicUrl, String redirectUri) {
        if (preRegistered != null) {
            String method = preRegistered.clientSecret() == null ? RegisteredClient.NONE
                    : server.tokenEndpointAuthMethods().contains(RegisteredClient.BASIC) ? RegisteredClient.BASIC
                    : server.tokenEndpointAuthMethods().contains(RegisteredClient.POST) ? RegisteredClient.POST
                    : RegisteredClient.BASIC;
            return Uni.createFrom().item(new RegisteredClient(preRegistered.clientId(), preRegistered.clientSecret(),
                    method, false));
        }
        if (server.clientIdMetadataDocumentSupported()) {
            return Uni.createFrom().item(new RegisteredClient(publicUrl + METADATA_DOCUMENT_PATH, null,
                    RegisteredClient.NONE, false));
        }
        if (server.registrationEndpoint() == null) {
            return Uni.createFrom().failure(new OAuthFailure(Kind.REGISTRATION, "The authorization server offers "
                    + "no way for this service to register (no client ID metadata documents, no dynamic client "
                    + "registration): give the connector a pre-registered client (oauth_client)"));
        }
        return registrations.find(organizationId, server.issuer(), redirectUri).flatMap(stored -> {
            if (stored.isPresent()) {
                ClientRegistrationRepository.Stored found = stored.get();
                return Uni.createFrom().item(new RegisteredClient(found.clientId(),
                        found.sealedSecret() == null ? null : cipher.decrypt(organizationId, found.sealedSecret()),
                        found.authMethod(), true));
            }
            return register(organizationId, server, redirectUri);
        });
    }

    /** The authorization server refused a registered client: the next sign-in registers again. */
    public Uni<Void> forget(String organizationId, String issuer, RegisteredClient client) {
        return client.registered() ? registrations.forget(organizationId, issuer, client.clientId())
                : Uni.createFrom().voidItem();
    }

    /** The client ID metadata document: who this service is, and where sign-ins come back. */
    public static ObjectNode metadataDocument(String publicUrl) {
        ObjectNode document = JSON.createObjectNode();
        document.put("client_id", publicUrl + METADATA_DOCUMENT_PATH);
        document.put("client_name", CLIENT_NAME);
        document.put("client_uri", publicUrl);
        document.putArray("redirect_uris").add(publicUrl + "/oauth/callback");
        document.putArray("grant_types").add("authorization_code").add("refresh_token");
        document.putArray("response_types").add("code");
        document.put("token_endpoint_auth_method", RegisteredClient.NONE);
        return document;
    }

    private Uni<RegisteredClient> register(String organizationId, ServerMetadata server, String redirectUri) {
        ObjectNode request = JSON.createObjectNode();
        request.put("client_name", CLIENT_NAME);
        request.putArray("redirect_uris").add(redirectUri);
        request.putArray("grant_types").add("authorization_code").add("refresh_token");
        request.putArray("response_types").add("code");
        request.put("token_endpoint_auth_method", RegisteredClient.NONE);
        return http.postJson(server.registrationEndpoint(), request.toString(), Map.of("Accept", "application/json"),
                        "the authorization server's registration endpoint")
                .flatMap(answer -> {
                    if (answer.status() != 201 && answer.status() != 200) {
                        throw new OAuthFailure(Kind.REGISTRATION, "Registering this service at the authorization "
                                + "server failed: it answered HTTP " + answer.status());
                    }
                    JsonNode json;
                    try {
                        json = JSON.readTree(answer.body());
                    } catch (IOException e) {
                        json = null;
                    }
                    String clientId = json == null ? "" : json.path("client_id").asText("");
                    if (clientId.isEmpty() || clientId.length() > 255 || !TokenEndpoint.isToken(clientId)) {
                        throw new OAuthFailure(Kind.REGISTRATION, "Registering this service at the authorization "
                                + "server failed: its answer has no usable client_id");
                    }
                    String secret = json.path("client_secret").asText("");
                    String method = json.path("token_endpoint_auth_method").asText(secret.isEmpty()
                            ? RegisteredClient.NONE : RegisteredClient.BASIC);
                    if (!secret.isEmpty() && RegisteredClient.NONE.equals(method)) {
                        method = RegisteredClient.BASIC;
                    }
                    String plainSecret = secret.isEmpty() ? null : secret;
                    String authMethod = method;
                    ClientRegistrationRepository.Stored stored = new ClientRegistrationRepository.Stored(clientId,
                            plainSecret == null ? null : cipher.encrypt(organizationId, plainSecret), authMethod);
                    return registrations.store(organizationId, server.issuer(), redirectUri, stored, Timestamps.now())
                            .replaceWith(new RegisteredClient(clientId, plainSecret, authMethod, true));
                });
    }
}
