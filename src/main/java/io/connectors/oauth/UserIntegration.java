package io.connectors.oauth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A user's OAuth connection to a provider (such as Google), within one organization. Tokens are sealed. */
@Entity
@Table(name = "user_integration")
@IdClass(UserIntegration.Key.class)
public class UserIntegration {

    @Id
    public String organizationId;

    @Id
    public String userId;

    @Id
    public String provider;

    /** AES-GCM ciphertext. */
    @Column(columnDefinition = "text")
    public String accessToken;

    /** AES-GCM ciphertext, or {@code null} when the provider gave none. */
    @Column(columnDefinition = "text")
    public String refreshToken;

    public Instant expiresAt;

    /** Granted scopes, space-separated. */
    @Column(columnDefinition = "text")
    public String scopes;

    public Instant createdAt;
    public Instant updatedAt;

    /** Primary key: organization, user and provider. */
    public static class Key implements Serializable {
        public String organizationId;
        public String userId;
        public String provider;

        public Key() {
        }

        public Key(String organizationId, String userId, String provider) {
            this.organizationId = organizationId;
            this.userId = userId;
            this.provider = provider;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(organizationId, k.organizationId)
                    && Objects.equals(userId, k.userId) && Objects.equals(provider, k.provider);
        }

        @Override
        public int hashCode() {
            return Objects.hash(organizationId, userId, provider);
        }
    }
}
