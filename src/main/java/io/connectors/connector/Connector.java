package io.connectors.connector;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A row of an organization's connector registry: one MCP server. */
@Entity
@Table(name = "connector")
public class Connector {

    public static final String SIMPLE = "simple";
    public static final String OAUTH = "oauth";
    public static final String AUTH_HEADERS = "headers";
    public static final String AUTH_OAUTH = "oauth";
    public static final String CREDENTIAL_USER = "user";
    public static final String CREDENTIAL_ORGANIZATION = "organization";

    @Id
    public UUID id;

    public String organizationId;

    public String name;

    /** {@link #SIMPLE} or {@link #OAUTH}; never changes after creation. */
    public String type;

    /** Simple connectors: the MCP endpoint, possibly with {@code {{VAR}}} references. */
    public String url;

    /** Simple connectors: header name to the AES-GCM ciphertext of its value. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, String> headers = new LinkedHashMap<>();

    /**
     * Simple connectors with headers: the origin ({@link ConnectorOrigin}) of the URL, variables injected, that the
     * header values were given for. They are sent nowhere else. {@code null} when there are no headers.
     */
    public String headersOrigin;

    /** Simple connectors: {@link #AUTH_HEADERS} (static headers) or {@link #AUTH_OAUTH} (people sign in). */
    public String auth = AUTH_HEADERS;

    /** {@code auth: oauth}: {@link #CREDENTIAL_USER} (each person's own) or {@link #CREDENTIAL_ORGANIZATION}. */
    public String credential = CREDENTIAL_USER;

    /** {@code auth: oauth}: a pre-registered OAuth client's id, or {@code null}. */
    public String oauthClientId;

    /** The pre-registered client's secret, AES-GCM ciphertext, or {@code null} (a public client). */
    @Column(columnDefinition = "text")
    public String oauthClientSecret;

    /** The pre-registered client's scopes, space-separated, or {@code null}. */
    @Column(columnDefinition = "text")
    public String oauthClientScopes;

    /** The origin ({@link ConnectorOrigin}) the client secret was given for; like {@link #headersOrigin}. */
    public String oauthClientOrigin;

    /** OAuth connectors: key of the predefined OAuth MCP. */
    public String oauthMcp;

    /** Optimistic lock: two concurrent updates can't silently overwrite each other. */
    @Version
    public long version;

    public Instant createdAt;
    public Instant updatedAt;
    public String createdBy;
    public String updatedBy;

    public boolean isSimple() {
        return SIMPLE.equals(type);
    }

    /** A simple connector whose people sign in with OAuth. */
    public boolean signsIn() {
        return isSimple() && AUTH_OAUTH.equals(auth);
    }

    public boolean organizationCredential() {
        return CREDENTIAL_ORGANIZATION.equals(credential);
    }
}
